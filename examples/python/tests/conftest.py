import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from query import Tessera  # noqa: E402


@pytest.fixture(scope="session")
def tessera():
    """A client of the cluster the Maven test started: TESSERA_FLIGHT is its planning server."""
    client = Tessera(os.environ["TESSERA_FLIGHT"])
    yield client
    client.close()


@pytest.fixture(scope="session")
def dataset():
    return os.environ.get("TESSERA_DATASET", "/warehouse/py")


@pytest.fixture(scope="session")
def local_files():
    """The same Parquet files, on local disk: what pyarrow reads directly."""
    return sorted(Path(os.environ["TESSERA_LOCAL_DATA"]).glob("*.parquet"))
