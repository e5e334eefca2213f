from exhaust.cli.app import main

main()
