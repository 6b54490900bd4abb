"""The client's core without Textual: what every front end (app, line mode, SSH door) shares."""
