from briefgen.commands import main

main()
