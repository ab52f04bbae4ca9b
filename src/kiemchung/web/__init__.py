"""The web app: public pages, the tipline, the desk and the JSON API, over ``kiemchung.desk``."""
