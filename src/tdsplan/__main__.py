from tdsplan.cli import main

main()
