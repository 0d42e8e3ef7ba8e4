from ybhj_parse.cli import run

run()
