"""kinds/agreement"""
