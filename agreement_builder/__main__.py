"""``python -m agreement_builder`` runs the same CLI as the console script."""

from agreement_builder.cli import main

if __name__ == "__main__":
    main()
