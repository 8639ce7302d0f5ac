import sys
from pathlib import Path

# The tests import the helper the notebooks import.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
