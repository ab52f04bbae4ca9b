"""The public face: what ``import kiemchung`` offers is exactly ``kiemchung.__all__``."""

import inspect
import subprocess
import sys
import types

import kiemchung
from kiemchung import errors


def test_all_lists_every_public_name_in_order():
    public = {name for name in dir(kiemchung) if not name.startswith("_")
              and not isinstance(getattr(kiemchung, name), types.ModuleType)}
    assert kiemchung.__all__ == sorted(public, key=str.casefold)


def test_every_exported_name_is_kiemchungs_own():
    for name in kiemchung.__all__:
        assert getattr(kiemchung, name).__module__.startswith("kiemchung."), name


def test_every_error_a_user_can_meet_is_exported():
    tree = {name for name, value in vars(errors).items()
            if inspect.isclass(value) and issubclass(value, errors.KiemchungError)}
    assert tree <= set(kiemchung.__all__)


def test_importing_the_package_does_not_load_the_store():
    """The command line imports the package on every start; the database layer waits."""
    program = "import sys, kiemchung; print('sqlalchemy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
