import os

from config import Config, ProductionConfig
from meetings import create_app

app = create_app(ProductionConfig() if os.environ.get("FLASK_CONFIG") == "production" else Config)
