"""Built-in plugins: the commands and output formats, registered through the same hooks as anyone's."""
