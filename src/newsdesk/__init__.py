"""newsdesk: offline article authoring for newsrooms."""

__version__ = "0.1.0"
APP_ID = "org.newsdesk.Newsdesk"
APP_NAME = "newsdesk"
ORG_NAME = "newsdesk"
