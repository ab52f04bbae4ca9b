"""The editorial desk as a library: users and roles, tips, the queue, research, verdicts and
review, publishing, corrections and the audit log. The web app and the CLI are thin layers
over it; nothing here knows about HTTP.
"""
