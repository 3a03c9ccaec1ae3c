"""The library from Python (tools/python/assess.py), against the command.

Scores the demo cohort through the module and checks that every table
it reads through the API (scores, items, raters, agree, reliability,
change) holds, cell for cell, what `assess` writes in CSV; that the
module's CSV, JSON and text are the command's bytes; that results kept in
SQLite, by the module and by `assess run --format sqlite` run twice, read
back as the CSV with two runs appended and their files' SHA-256 recorded;
and that failures raise assess.Error with the library's message.

    ASSESS_LIBRARY=build/libassess.so.0.1.0 ASSESS=build/assess \
        python3 tests/test_python.py
"""

import csv
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))

import assess  # noqa: E402

ASSESS = os.environ.get("ASSESS", os.path.join(ROOT, "build", "assess"))
DEMO = os.path.join(ROOT, "fixtures", "demo")
RESPONSES = os.path.join(DEMO, "responses.csv")
GOALS = os.path.join(DEMO, "goals.csv")
STRENGTHS = os.path.join(DEMO, "strengths.csv")
LEAD360 = os.path.join(ROOT, "instruments", "leadership-360.xml")


def cli(*args):
    """What `assess ARGS` writes on standard output (it must exit 0)."""
    done = subprocess.run([ASSESS] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    if done.returncode != 0:
        raise AssertionError("assess %s: exit %d: %s" % (
            " ".join(args), done.returncode, done.stderr.decode()))
    return done.stdout.decode("utf-8")


def typed(text, kind):
    """A CSV field as the rows API gives it, for a column of `kind`."""
    if text == "":
        return None
    if kind == "text":
        return text
    if kind == "integer":
        return int(text)
    if kind == "real":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text]
    raise AssertionError("type " + kind)


class Module(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.inst = assess.Instrument("lead360")
        cls.responses = cls.inst.read(RESPONSES)

    def assert_rows_are_csv(self, table, text):
        """Every cell of table is the CSV's field, read by the column's type."""
        records = list(csv.reader(io.StringIO(text)))
        self.assertEqual(records[0], table.columns, table.name)
        self.assertEqual(len(table), len(records) - 1, table.name)
        self.assertGreater(len(table), 0, table.name)
        for i, (row, rec) in enumerate(zip(table.rows, records[1:])):
            want = tuple(typed(f, k) for f, k in zip(rec, table.types))
            self.assertEqual(row, want, "%s row %d" % (table.name, i + 1))

    # -- the five lines of the README --------------------------------------

    def test_five_lines(self):
        inst = assess.Instrument("lead360")
        responses = inst.read(RESPONSES)
        scores = responses.score()
        self.assertEqual(scores.columns[:4],
                         ["subject_id", "wave", "scale", "group"])
        self.assertEqual(scores.rows[0][:4],
                         ("E0001", "1", "communication", "self"))
        self.assertEqual(inst.path, LEAD360)
        self.assertEqual(inst.id, "lead360")

    def test_version_is_the_commands(self):
        self.assertEqual("assess " + assess.library_version() + "\n",
                         cli("--version"))

    def test_options_keep_the_librarys_defaults(self):
        # A struct laid out wrongly in the module reads garbage here.
        o = assess._ScoreOptions()
        assess._lib.assess_score_options_init(assess.ctypes.byref(o))
        self.assertEqual((o.gap_threshold, o.cohort_minimum, o.top,
                          o.highlights, o.items, o.research, o.digits),
                         (0.5, 30, 5, 5, 1, 0, 0))
        c = assess._ChangeOptions()
        assess._lib.assess_change_options_init(assess.ctypes.byref(c))
        self.assertEqual((c.rci_z, c.gas_rho, c.digits), (1.96, 0.3, 0))
        a = assess._AgreeOptions()
        assess._lib.assess_agree_options_init(assess.ctypes.byref(a))
        self.assertEqual((a.null, a.rwg_truncate, a.by_group, a.pair,
                          a.research, a.digits), (0, 1, 0, None, 0, 0))
        r = assess._ReadOptions()
        assess._lib.assess_read_options_init(assess.ctypes.byref(r))
        self.assertEqual((r.layout, r.skip_rows, r.threads), (0, 0, 1))

    # -- every table, cell by cell -----------------------------------------

    def test_scores_are_the_csv(self):
        scores = self.responses.score()
        self.assert_rows_are_csv(scores, cli("score", "-i", "lead360", RESPONSES))

    def test_items_are_the_csv(self):
        items = self.responses.score().table("items")
        self.assertEqual(items.name, "items")
        self.assert_rows_are_csv(items, cli("score", "-i", "lead360", "--items",
                                            RESPONSES))

    def test_raters_need_research(self):
        with self.assertRaises(assess.Error) as e:
            self.responses.score().table("raters")
        self.assertIn("research only", str(e.exception))
        raters = self.responses.score(research=True).table("raters")
        self.assert_rows_are_csv(raters, cli("score", "-i", "lead360",
                                             "--per-rater", "--research",
                                             RESPONSES))

    def test_agree_is_the_csv(self):
        self.assert_rows_are_csv(
            self.responses.agree(by_group=True, pair="self,manager"),
            cli("agree", "-i", "lead360", "--by-group", "--pair",
                "self,manager", RESPONSES))

    def test_reliability_is_the_csv(self):
        self.assert_rows_are_csv(self.responses.reliability(group="others"),
                                 cli("reliability", "-i", "lead360", "--group",
                                     "others", RESPONSES))

    def test_change_is_the_csv(self):
        self.assert_rows_are_csv(self.responses.change(goals=GOALS),
                                 cli("change", "-i", "lead360", "--goals",
                                     GOALS, RESPONSES))

    def test_strengths(self):
        inst = assess.Instrument("strengths20")
        self.assertEqual(inst.kind, "strengths")
        scores = inst.read(STRENGTHS).score()
        self.assert_rows_are_csv(scores, cli("score", "-i", "strengths20",
                                             STRENGTHS))
        self.assertIn("rank", scores.columns)

    # -- the library's writers, to memory and to a function ----------------

    def test_writers_are_the_commands(self):
        scores = self.responses.score()
        self.assertEqual(scores.csv(), cli("score", "-i", "lead360", RESPONSES))
        self.assertEqual(scores.json(), cli("score", "-i", "lead360",
                                            "--format", "json", RESPONSES))
        self.assertEqual(scores.text("E0007"),
                         cli("score", "-i", "lead360", "--format", "text",
                             "--subject", "E0007", RESPONSES))
        agree = self.responses.agree()
        self.assertEqual(agree.json(), cli("agree", "-i", "lead360", "--format",
                                           "json", RESPONSES))

    def test_digits(self):
        scores = self.responses.score(digits=3)
        self.assertEqual(scores.csv(), cli("score", "-i", "lead360",
                                           "--digits", "3", RESPONSES))
        self.assertIn(",3.5,", scores.csv())
        self.assertNotIn("4.166666", scores.csv())

    def test_callback_writes_what_memory_holds(self):
        scores = self.responses.score()
        sink = io.StringIO()
        scores.csv(file=sink)
        self.assertEqual(sink.getvalue(), scores.csv())

        class Full:
            def write(self, _text):
                raise OSError("disk full")
        with self.assertRaises(OSError):
            scores.csv(file=Full())

    def test_dump_is_freed_by_the_library(self):
        text = self.responses.dump()
        self.assertTrue(text.startswith("E0001,"))
        self.assertEqual(text.count("\n"), self.responses.account["answers"])

    # -- failures -----------------------------------------------------------

    def test_unknown_instrument(self):
        with self.assertRaises(assess.Error) as e:
            assess.Instrument("no-such-instrument")
        self.assertEqual(e.exception.status, "EUSAGE")
        self.assertIn("instrument 'no-such-instrument'", str(e.exception))
        self.assertIn("ASSESS_PATH", str(e.exception))

    def test_bad_rows_are_reported(self):
        bad = os.path.join(ROOT, "fixtures", "bad-responses", "responses.csv")
        responses = self.inst.read(bad)
        self.assertGreater(responses.account["rows_rejected"], 0)
        self.assertEqual(responses.account["rows_read"],
                         responses.account["rows_used"] +
                         responses.account["rows_rejected"])
        self.assertTrue(any(":" in d for d in responses.diagnostics))
        with self.assertRaises(assess.Error) as e:
            self.inst.read(bad, strict=True)
        self.assertEqual(e.exception.status, "EDATA")
        self.assertTrue(e.exception.diagnostics)

    # -- SQLite ---------------------------------------------------------------

    def assert_table_is_csv(self, db, table, run_id, text):
        records = list(csv.reader(io.StringIO(text)))
        cur = db.execute('SELECT * FROM "%s" WHERE run_id = ? ORDER BY rowid'
                         % table, (run_id,))
        columns = [d[0] for d in cur.description]
        self.assertEqual(columns, ["run_id"] + records[0], table)
        types = dict(db.execute(
            "SELECT name, type FROM pragma_table_info('%s')" % table).fetchall())
        rows = cur.fetchall()
        self.assertEqual(len(rows), len(records) - 1, table)
        kinds = [types[c].lower() for c in records[0]]
        for i, (row, rec) in enumerate(zip(rows, records[1:])):
            want = tuple(typed(f, k) for f, k in zip(rec, kinds))
            got = tuple(bool(v) if k == "boolean" and v is not None else v
                        for v, k in zip(row[1:], kinds))
            self.assertEqual(got, want, "%s row %d" % (table, i + 1))

    def test_run_sqlite_twice_appends_what_csv_holds(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "results.db")
            for _ in range(2):
                cli("run", "-i", "lead360", "--format", "sqlite", "-o", path,
                    "--goals", GOALS, RESPONSES)
            cli("run", "-i", "lead360", "-o", os.path.join(tmp, "csv"),
                "--goals", GOALS, RESPONSES)
            db = sqlite3.connect(path)
            runs = db.execute("SELECT run_id, command, instrument_id, "
                              "instrument_version, assess_version FROM runs "
                              "ORDER BY run_id").fetchall()
            self.assertEqual(runs, [(1, "run", "lead360", "1.0",
                                     assess.library_version()),
                                    (2, "run", "lead360", "1.0",
                                     assess.library_version())])
            for run_id in (1, 2):
                for table in ("scores", "agree", "reliability", "change"):
                    with open(os.path.join(tmp, "csv", table + ".csv")) as f:
                        self.assert_table_is_csv(db, table, run_id, f.read())
            files = db.execute("SELECT role, file, bytes, sha256 FROM run_files "
                               "WHERE run_id = 2 ORDER BY position").fetchall()
            self.assertEqual([f[0] for f in files],
                             ["instrument", "responses", "goals"])
            for role, name, size, digest in files:
                with open(name, "rb") as f:
                    data = f.read()
                self.assertEqual((size, digest),
                                 (len(data), hashlib.sha256(data).hexdigest()),
                                 name)
            # the keys people query by are indexed
            plan = " ".join(r[-1] for r in db.execute(
                "EXPLAIN QUERY PLAN SELECT mean FROM scores WHERE "
                "subject_id = 'E0007' AND wave = '2' AND scale = 'delegation'"))
            self.assertIn("USING INDEX scores_subject", plan)
            db.close()

    def test_database_from_python(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "results.db")
            for _ in range(2):
                with assess.Database(path, self.responses) as db:
                    db.write(self.responses.score())
                    db.write(self.responses.reliability())
            # a run that fails leaves the file as it was
            with self.assertRaises(RuntimeError):
                with assess.Database(path, self.responses) as db:
                    db.write(self.responses.score())
                    raise RuntimeError("stop")
            con = sqlite3.connect(path)
            self.assertEqual(con.execute("SELECT count(*) FROM runs").fetchone(),
                             (2,))
            n = len(self.responses.score())
            self.assertEqual(con.execute(
                "SELECT run_id, count(*) FROM scores GROUP BY run_id").fetchall(),
                [(1, n), (2, n)])
            self.assert_table_is_csv(con, "reliability", 2,
                                     cli("reliability", "-i", "lead360",
                                         RESPONSES))
            con.close()


def run(*args):
    """`assess ARGS`: exit status and standard error."""
    done = subprocess.run([ASSESS] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    return done.returncode, done.stderr.decode("utf-8")


class Command(unittest.TestCase):
    """--format sqlite through the command: what it refuses, and what it
    leaves as it was."""

    def test_needs_a_file(self):
        for out in ([], ["-o", "-"], ["-o", "/dev/stdout"], ["-o", ROOT]):
            for cmd in ("score", "agree", "run"):
                status, err = run(cmd, "-i", "lead360", "--format", "sqlite",
                                  *out, RESPONSES)
                self.assertEqual(status, 2, (cmd, out, err))
                self.assertIn("database file", err, (cmd, out))

    def test_refuses_an_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "responses.csv")
            with open(RESPONSES, "rb") as f:
                data = f.read()
            with open(copy, "wb") as f:
                f.write(data)
            status, err = run("score", "-i", "lead360", "--format", "sqlite",
                              "-o", copy, copy)
            self.assertEqual(status, 2, err)
            self.assertIn("that is an input file", err)
            with open(copy, "rb") as f:
                self.assertEqual(f.read(), data)

    def test_a_failed_run_leaves_the_database_as_it_was(self):
        bad = os.path.join(ROOT, "fixtures", "bad-responses", "responses.csv")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "results.db")
            cli("score", "-i", "lead360", "--format", "sqlite", "-o", path,
                RESPONSES)
            with open(path, "rb") as f:
                before = f.read()
            for args in (["score", "--strict"], ["agree", "--strict"],
                         ["run", "--strict"],
                         ["change", "--pre", "no-such-wave"]):
                status, err = run(args[0], "-i", "lead360", "--format",
                                  "sqlite", "-o", path, *args[1:],
                                  bad if "--strict" in args else RESPONSES)
                self.assertNotEqual(status, 0, args)
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), before, args)
            self.assertEqual(os.listdir(tmp), ["results.db"])
            # another program's database is refused and left alone
            other = os.path.join(tmp, "other.db")
            con = sqlite3.connect(other)
            con.execute("CREATE TABLE invoices (id INTEGER)")
            con.commit()
            con.close()
            with open(other, "rb") as f:
                before = f.read()
            status, err = run("run", "-i", "lead360", "--format", "sqlite",
                              "-o", other, RESPONSES)
            self.assertEqual(status, 2, err)
            self.assertIn("another program", err)
            with open(other, "rb") as f:
                self.assertEqual(f.read(), before)

    def test_rater_ids_only_for_research(self):
        with open(RESPONSES) as f:
            ids = {row["rater_id"] for row in csv.DictReader(f)}
        self.assertGreater(len(ids), 100)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "results.db")
            cli("run", "-i", "lead360", "--format", "sqlite", "-o", path,
                RESPONSES)
            cli("score", "-i", "lead360", "--items", "--format", "sqlite",
                "-o", path, RESPONSES)
            status, err = run("score", "-i", "lead360", "--per-rater",
                              "--format", "sqlite", "-o", path, RESPONSES)
            self.assertEqual(status, 2)
            self.assertIn("research", err)
            con = sqlite3.connect(path)
            tables = [t for (t,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                "name NOT IN ('runs', 'run_files') ORDER BY name")]
            self.assertEqual(tables, ["agree", "change", "items",
                                      "reliability", "scores"])
            for t in tables:
                for row in con.execute('SELECT * FROM "%s"' % t):
                    for cell in row:
                        self.assertNotIn(cell, ids, t)
            cli("score", "-i", "lead360", "--per-rater", "--research",
                "--format", "sqlite", "-o", path, RESPONSES)
            found = {r for (r,) in con.execute(
                "SELECT DISTINCT rater_id FROM raters")}
            self.assertEqual(found, ids)
            con.close()


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"] if "-v" in sys.argv
                           else [sys.argv[0]], exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
