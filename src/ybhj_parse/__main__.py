from ybhj_parse.cli import main

main()
