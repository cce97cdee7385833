"""kinds/report"""
