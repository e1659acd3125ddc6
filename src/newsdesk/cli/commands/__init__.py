"""One module per subcommand. Each defines HELP, configure(parser) and run(args, ctx)."""
