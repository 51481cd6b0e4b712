from pipeline.cli.entry import run

run()
