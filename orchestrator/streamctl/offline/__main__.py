from streamctl.cli.offline_commands import offline_main

offline_main()
