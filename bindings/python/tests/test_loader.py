"""Finding the library and checking its version."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rc_testsupport as S  # noqa: E402

import runcover  # noqa: E402


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.pop("RUNCOVER_LIBRARY", None)
    e.pop("RUNCOVER_BUILD_DIR", None)
    e.update(env)
    e["PYTHONPATH"] = S.BINDING
    return subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True, timeout=60)


class TestLoader(unittest.TestCase):
    def test_version(self) -> None:
        self.assertRegex(runcover.library_version, r"^\d+\.\d+\.\d+$")
        major, minor, patch = map(int, runcover.library_version.split("."))
        self.assertEqual(runcover.library_version_number, major * 10000 + minor * 100 + patch)
        self.assertGreaterEqual(runcover.library_version_number, 100)
        self.assertTrue(os.path.exists(runcover.library_path) or "/" not in runcover.library_path)

    def test_bad_explicit_library_is_a_clear_import_error(self) -> None:
        r = run_python("import runcover", RUNCOVER_LIBRARY="/nonexistent/libruncover.so.0")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ImportError", r.stderr)
        self.assertIn("RUNCOVER_LIBRARY", r.stderr)
        self.assertIn("/nonexistent/libruncover.so.0", r.stderr)

    def test_not_found_lists_every_place(self) -> None:
        # Hide the build tree by copying the package elsewhere.
        import shutil
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            shutil.copytree(os.path.join(S.BINDING, "runcover"), os.path.join(d, "runcover"))
            e = dict(os.environ)
            for k in ("RUNCOVER_LIBRARY", "RUNCOVER_BUILD_DIR", "LD_LIBRARY_PATH"):
                e.pop(k, None)
            e["PYTHONPATH"] = d
            e["RUNCOVER_BUILD_DIR"] = os.path.join(d, "nobuild")
            r = subprocess.run([sys.executable, "-c", "import runcover; print(runcover.library_path)"],
                               env=e, capture_output=True, text=True, timeout=60)
            if r.returncode == 0:
                self.skipTest(f"libruncover is installed system-wide ({r.stdout.strip()})")
            self.assertIn("ImportError", r.stderr)
            self.assertIn(os.path.join(d, "nobuild", "lib"), r.stderr)
            self.assertIn("find_library", r.stderr)
            self.assertIn("RUNCOVER_LIBRARY", r.stderr)

    def test_build_dir_variable(self) -> None:
        lib_dir = os.path.dirname(os.path.abspath(runcover.library_path))
        if os.path.basename(lib_dir) != "lib":
            self.skipTest("the library is not in a meson build tree")
        r = run_python("import runcover; print(runcover.library_path)",
                       RUNCOVER_BUILD_DIR=os.path.dirname(lib_dir))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.strip().startswith(lib_dir), r.stdout)


class TestUnits(unittest.TestCase):
    def test_conversions(self) -> None:
        u = runcover.units
        self.assertAlmostEqual(u.miles(10), 16.09344)
        self.assertAlmostEqual(u.fahrenheit(86), 30.0)
        self.assertAlmostEqual(u.fahrenheit(32), 0.0)
        self.assertAlmostEqual(u.pounds(150), 68.0388555)
        self.assertAlmostEqual(u.feet(1000), 304.8)
        self.assertAlmostEqual(u.fl_oz(1), 29.5735295625)
        self.assertEqual(u.hours(2), 120.0)
        for f, g in ((u.miles, u.to_miles), (u.fahrenheit, u.to_fahrenheit), (u.pounds, u.to_pounds),
                     (u.feet, u.to_feet), (u.fl_oz, u.to_fl_oz)):
            self.assertAlmostEqual(g(f(12.5)), 12.5)


if __name__ == "__main__":
    unittest.main()
