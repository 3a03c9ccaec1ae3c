"""Score 360-degree and strengths assessments from Python with libassess.

The library is reached through ctypes: no build step, nothing but the
standard library.  In five lines:

    import assess
    inst = assess.Instrument("lead360")        # a shipped id, or a file
    responses = inst.read("export.csv")        # one file, or several
    scores = responses.score()                 # scale scores by group
    print(scores.columns, scores.rows[:3])

Every table (scores, items, raters, agree, reliability, change) has
`columns`, `types` and `rows` (tuples of str, int, float, bool or None,
as the CSV's columns hold them, None where the CSV is empty), `dicts()`,
and the library's own `csv()` and `json()`; `Database` keeps results in
SQLite as `assess run --format sqlite` does.  The same confidentiality
rules hold as on the command line: only `research=True` gives rater ids
or uses withheld raters.

The library is looked for in $ASSESS_LIBRARY, then in the build tree
beside this file (build/libassess.so.0), then where the system keeps
libraries (libassess.so.0).
"""

import ctypes
import ctypes.util
import os

__all__ = ["Error", "Instrument", "Responses", "Scores", "Table", "Database",
           "library_version"]

# The major version of the library's API this module speaks (its SONAME).
_MAJOR = 0


class Error(Exception):
    """A failed call: the library's message, with where and why.

    `status` is the assess_status name ("EDATA", "EIO", ...), `file` and
    `line` the place when known, `diagnostics` every problem reported.
    """

    def __init__(self, message, status="EUSAGE", file=None, line=0,
                 diagnostics=()):
        super().__init__(message)
        self.status = status
        self.file = file
        self.line = line
        self.diagnostics = list(diagnostics)


# ---- The library ----------------------------------------------------------

_STATUS = ["OK", "ENOMEM", "EIO", "EUSAGE", "EINSTRUMENT", "EFORMAT", "EDATA",
           "ELIMIT"]
_NULL, _TEXT, _INTEGER, _REAL, _BOOLEAN = range(5)
_TYPE_NAMES = {_NULL: "null", _TEXT: "text", _INTEGER: "integer",
               _REAL: "real", _BOOLEAN: "boolean"}
# Room after each options struct: a newer library's _init() may write more
# fields than this module knows.
_SPARE = 256


class _ErrorRec(ctypes.Structure):
    _fields_ = [("status", ctypes.c_int), ("file", ctypes.c_char * 256),
                ("line", ctypes.c_ulong), ("column", ctypes.c_ulong),
                ("message", ctypes.c_char * 512)]


class _Diag(ctypes.Structure):
    _fields_ = [("severity", ctypes.c_int), ("file", ctypes.c_char_p),
                ("line", ctypes.c_ulong), ("reason", ctypes.c_int),
                ("message", ctypes.c_char_p)]


_DIAG_FN = ctypes.CFUNCTYPE(None, ctypes.POINTER(_Diag), ctypes.c_void_p)
_PROGRESS_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p,
                                ctypes.c_uint64, ctypes.c_uint64)
_WRITE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p,
                             ctypes.POINTER(ctypes.c_char), ctypes.c_size_t)
_ROWS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


class _ReadOptions(ctypes.Structure):
    _fields_ = [("layout", ctypes.c_int), ("map", ctypes.c_char_p),
                ("skip_rows", ctypes.c_ulong), ("strict", ctypes.c_int),
                ("diag", _DIAG_FN), ("userdata", ctypes.c_void_p),
                ("threads", ctypes.c_uint), ("progress", _PROGRESS_FN),
                ("exclude_flagged", ctypes.c_char_p),
                ("_spare", ctypes.c_char * _SPARE)]


class _ScoreOptions(ctypes.Structure):
    _fields_ = [("gap_threshold", ctypes.c_double), ("weighting", ctypes.c_int),
                ("norms", ctypes.c_int), ("cohort_minimum", ctypes.c_uint),
                ("top", ctypes.c_uint), ("highlights", ctypes.c_uint),
                ("items", ctypes.c_int), ("threads", ctypes.c_uint),
                ("research", ctypes.c_int), ("digits", ctypes.c_uint),
                ("_spare", ctypes.c_char * _SPARE)]


class _AgreeOptions(ctypes.Structure):
    _fields_ = [("null", ctypes.c_int), ("rwg_truncate", ctypes.c_int),
                ("by_group", ctypes.c_int), ("pair", ctypes.c_char_p),
                ("categories", ctypes.c_int), ("stream", ctypes.c_void_p),
                ("score", ctypes.c_void_p), ("threads", ctypes.c_uint),
                ("research", ctypes.c_int), ("sims", ctypes.c_uint),
                ("seed", ctypes.c_ulong), ("digits", ctypes.c_uint),
                ("_spare", ctypes.c_char * _SPARE)]


class _ReliabilityOptions(ctypes.Structure):
    _fields_ = [("group", ctypes.c_char_p), ("pairwise", ctypes.c_int),
                ("stream", ctypes.c_void_p), ("threads", ctypes.c_uint),
                ("research", ctypes.c_int), ("score", ctypes.c_void_p),
                ("target_items", ctypes.c_uint), ("digits", ctypes.c_uint),
                ("_spare", ctypes.c_char * _SPARE)]


class _ChangeOptions(ctypes.Structure):
    _fields_ = [("match", ctypes.c_int), ("pre", ctypes.c_char_p),
                ("post", ctypes.c_char_p), ("rci_z", ctypes.c_double),
                ("gas_rho", ctypes.c_double), ("goals", ctypes.c_void_p),
                ("stream", ctypes.c_void_p), ("score", ctypes.c_void_p),
                ("threads", ctypes.c_uint), ("research", ctypes.c_int),
                ("rci_sd", ctypes.c_int), ("waves_all", ctypes.c_int),
                ("digits", ctypes.c_uint),
                ("_spare", ctypes.c_char * _SPARE)]


class _RunFile(ctypes.Structure):
    _fields_ = [("role", ctypes.c_char_p), ("path", ctypes.c_char_p)]


class _RunInfo(ctypes.Structure):
    _fields_ = [("command", ctypes.c_char_p), ("command_line", ctypes.c_char_p),
                ("inst", ctypes.c_void_p), ("files", ctypes.POINTER(_RunFile)),
                ("n_files", ctypes.c_size_t)]


def _find_library():
    name = "libassess.so.%d" % _MAJOR
    if os.environ.get("ASSESS_LIBRARY"):
        return os.environ["ASSESS_LIBRARY"]
    here = os.path.dirname(os.path.abspath(__file__))
    built = os.path.join(here, "..", "..", "build", name)
    if os.path.exists(built):
        return built
    return ctypes.util.find_library("assess") or name


def _declare(lib):
    P, S, I, U, D = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                     ctypes.c_uint, ctypes.c_double)
    C, E = ctypes.c_char_p, ctypes.POINTER(_ErrorRec)
    sig = {
        "assess_version": (C, []),
        "assess_version_num": (U, []),
        "assess_free": (None, [P]),
        "assess_error_init": (None, [E]),
        "assess_instrument_find": (P, [C, E]),
        "assess_instrument_load": (P, [C, _DIAG_FN, P, E]),
        "assess_instrument_free": (None, [P]),
        "assess_instrument_id": (C, [P]),
        "assess_instrument_version": (C, [P]),
        "assess_instrument_title": (C, [P]),
        "assess_instrument_kind": (I, [P]),
        "assess_instrument_scale_count": (S, [P]),
        "assess_instrument_scale_id": (C, [P, S]),
        "assess_instrument_item_count": (S, [P]),
        "assess_instrument_item_id": (C, [P, S]),
        "assess_instrument_group_count": (S, [P]),
        "assess_instrument_group_id": (C, [P, S]),
        "assess_read_options_init": (None, [P]),
        "assess_responses_new": (P, [P, P, E]),
        "assess_responses_free": (None, [P]),
        "assess_responses_read_file": (I, [P, C, E]),
        "assess_responses_account": (P, [P]),
        "assess_responses_subject_count": (S, [P]),
        "assess_responses_rater_count": (S, [P]),
        "assess_responses_wave_count": (S, [P]),
        "assess_responses_wave": (C, [P, S]),
        "assess_responses_dump": (P, [P]),
        "assess_reject_name": (C, [I]),
        "assess_score_options_init": (None, [P]),
        "assess_score_compute": (P, [P, P, E]),
        "assess_score_free": (None, [P]),
        "assess_score_write_csv": (I, [P, I, P, E]),
        "assess_score_write_json": (I, [P, P, E]),
        "assess_score_write_text": (I, [P, C, P, E]),
        "assess_agree_options_init": (None, [P]),
        "assess_agree_compute": (P, [P, P, E]),
        "assess_reliability_options_init": (None, [P]),
        "assess_reliability_compute": (P, [P, P, E]),
        "assess_change_options_init": (None, [P]),
        "assess_change_compute": (P, [P, P, E]),
        "assess_goals_read_file": (P, [C, E]),
        "assess_goals_free": (None, [P]),
        "assess_table_free": (None, [P]),
        "assess_table_write_csv": (I, [P, P, E]),
        "assess_table_write_json": (I, [P, P, E]),
        "assess_score_rows": (P, [P, I, E]),
        "assess_table_rows": (P, [P, E]),
        "assess_rows_free": (None, [P]),
        "assess_rows_name": (C, [P]),
        "assess_rows_count": (S, [P]),
        "assess_rows_column_count": (S, [P]),
        "assess_rows_column_name": (C, [P, S]),
        "assess_rows_column_type": (I, [P, S]),
        "assess_rows_type": (I, [P, S, S]),
        "assess_rows_text": (C, [P, S, S]),
        "assess_rows_integer": (ctypes.c_int64, [P, S, S]),
        "assess_rows_real": (D, [P, S, S]),
        "assess_out_callback": (P, [_WRITE_FN, P, E]),
        "assess_out_memory": (P, [E]),
        "assess_out_file": (P, [P]),
        "assess_out_take": (P, [P, ctypes.POINTER(S)]),
        "assess_out_close": (I, [P, E]),
        "assess_db_open": (P, [C, ctypes.POINTER(_RunInfo), E]),
        "assess_db_run_id": (ctypes.c_int64, [P]),
        "assess_db_write": (I, [P, P, E]),
        "assess_db_commit": (I, [P, E]),
        "assess_db_close": (None, [P]),
    }
    for name, (restype, argtypes) in sig.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


_lib = ctypes.CDLL(_find_library())
_declare(_lib)
if _lib.assess_version_num() >> 16 != _MAJOR:
    raise ImportError("libassess %s: this module speaks major version %d"
                      % (_lib.assess_version().decode(), _MAJOR))


def library_version():
    """The version of the libassess in use, "MAJOR.MINOR.PATCH"."""
    return _lib.assess_version().decode()


def _b(s):
    return None if s is None else os.fsencode(s) if isinstance(s, os.PathLike) \
        else s.encode() if isinstance(s, str) else s


def _s(b):
    return None if b is None else b.decode("utf-8", "replace")


class _Call:
    """An error record and the diagnostics of one call."""

    def __init__(self):
        self.err = _ErrorRec()
        _lib.assess_error_init(ctypes.byref(self.err))
        self.diagnostics = []
        self.diag = _DIAG_FN(self._on_diag)

    def _on_diag(self, d, _userdata):
        d = d.contents
        where = _s(d.file) or ""
        if d.line:
            where += ":%d" % d.line
        self.diagnostics.append("%s: %s%s" % (
            where, "warning: " if d.severity == 1 else "", _s(d.message)))

    def fail(self):
        e = self.err
        status = _STATUS[e.status] if 0 <= e.status < len(_STATUS) else str(e.status)
        file = _s(e.file) or None
        msg = _s(e.message) or status
        where = "%s:%d: " % (file, e.line) if file and e.line else \
            "%s: " % file if file else ""
        shown = self.diagnostics[:20]
        text = where + msg + "".join("\n  " + m for m in shown)
        raise Error(text, status, file, e.line, self.diagnostics)

    def check(self, status):
        if status != 0:
            self.fail()


def _write(writer, *args):
    """What a writer writes, as text (through assess_out_memory)."""
    call = _Call()
    out = _lib.assess_out_memory(ctypes.byref(call.err))
    if not out:
        call.fail()
    try:
        st = writer(*args, _lib.assess_out_file(out), ctypes.byref(call.err))
        call.check(st)
        n = ctypes.c_size_t()
        mem = _lib.assess_out_take(out, ctypes.byref(n))
        if not mem:
            raise Error("out of memory", "ENOMEM")
        try:
            return ctypes.string_at(mem, n.value).decode("utf-8")
        finally:
            _lib.assess_free(mem)
    finally:
        _lib.assess_out_close(out, None)


def _write_to(file, writer, *args):
    """A writer's bytes handed to file.write() as they come (through
    assess_out_callback): for output too big to hold."""
    call = _Call()
    failure = []

    def put(_userdata, data, n):
        try:
            file.write(ctypes.string_at(data, n).decode("utf-8"))
            return 0
        except Exception as e:  # handed back after the call
            failure.append(e)
            return 1
    fn = _WRITE_FN(put)
    out = _lib.assess_out_callback(fn, None, ctypes.byref(call.err))
    if not out:
        call.fail()
    st = writer(*args, _lib.assess_out_file(out), ctypes.byref(call.err))
    st2 = _lib.assess_out_close(out, ctypes.byref(call.err) if st == 0 else None)
    if failure:
        raise failure[0]
    call.check(st or st2)


# ---- Instruments and responses -----------------------------------------------


class Instrument:
    """An instrument: `name` is a file, or the id of a shipped instrument
    ("lead360", "strengths20"), looked for as `-i` does."""

    def __init__(self, name):
        call = _Call()
        found = _lib.assess_instrument_find(_b(os.fspath(name)),
                                            ctypes.byref(call.err))
        if not found:
            call.fail()
        try:
            self.path = _s(ctypes.string_at(found))
        finally:
            _lib.assess_free(found)
        self._h = _lib.assess_instrument_load(_b(self.path), call.diag, None,
                                              ctypes.byref(call.err))
        if not self._h:
            call.fail()
        h = self._h
        self.id = _s(_lib.assess_instrument_id(h))
        self.version = _s(_lib.assess_instrument_version(h))
        self.title = _s(_lib.assess_instrument_title(h))
        self.kind = "strengths" if _lib.assess_instrument_kind(h) == 1 else "360"
        self.scales = [_s(_lib.assess_instrument_scale_id(h, i))
                       for i in range(_lib.assess_instrument_scale_count(h))]
        self.items = [_s(_lib.assess_instrument_item_id(h, i))
                      for i in range(_lib.assess_instrument_item_count(h))]
        self.groups = [_s(_lib.assess_instrument_group_id(h, i))
                       for i in range(_lib.assess_instrument_group_count(h))]

    def __del__(self):
        if getattr(self, "_h", None):
            _lib.assess_instrument_free(self._h)
            self._h = None

    def __repr__(self):
        return "<Instrument %s %s: %s>" % (self.id, self.version, self.path)

    def read(self, *files, layout="auto", map=None, skip_rows=0, strict=False,
             threads=None):
        """Reads response files (CSV) into a table of responses.  `map`
        names columns ("subject_id=Q_Subject,..."), as --map does.
        Rejected rows are reported in `Responses.diagnostics` and left
        out; with `strict`, any rejected row raises Error."""
        if len(files) == 1 and isinstance(files[0], (list, tuple)):
            files = tuple(files[0])
        return Responses(self, files, layout, map, skip_rows, strict, threads)


_LAYOUTS = {"auto": 0, "long": 1, "wide": 2}


def _threads(threads):
    return max(1, min(16, threads or os.cpu_count() or 1))


class Responses:
    """Responses to an instrument, read from CSV files (Instrument.read)."""

    def __init__(self, inst, files, layout, map, skip_rows, strict, threads):
        if not files:
            raise Error("no response files", "EUSAGE")
        self.instrument = inst
        self.files = [os.fspath(f) for f in files]
        self._map = _b(map)
        call = _Call()
        opts = _ReadOptions()
        _lib.assess_read_options_init(ctypes.byref(opts))
        opts.layout = _LAYOUTS[layout]
        opts.map = self._map
        opts.skip_rows = skip_rows
        opts.strict = 1 if strict else 0
        opts.diag = call.diag
        opts.threads = _threads(threads)
        self._call = call  # the callback lives as long as the table
        self._h = _lib.assess_responses_new(inst._h, ctypes.byref(opts),
                                            ctypes.byref(call.err))
        if not self._h:
            call.fail()
        for f in self.files:
            call.check(_lib.assess_responses_read_file(self._h, _b(f),
                                                       ctypes.byref(call.err)))
        self.diagnostics = call.diagnostics

    def __del__(self):
        if getattr(self, "_h", None):
            _lib.assess_responses_free(self._h)
            self._h = None

    @property
    def account(self):
        """Rows read, used and rejected (by reason), as a dict."""
        a = ctypes.cast(_lib.assess_responses_account(self._h),
                        ctypes.POINTER(ctypes.c_uint64 * (3 + 32 + 4))).contents
        rejected = {}
        for r in range(1, 32):
            if a[3 + r]:
                rejected[_s(_lib.assess_reject_name(r))] = a[3 + r]
        return {"rows_read": a[0], "rows_used": a[1], "rows_rejected": a[2],
                "rejected": rejected, "answers": a[37], "missing": a[38]}

    @property
    def subjects(self):
        return _lib.assess_responses_subject_count(self._h)

    @property
    def waves(self):
        return [_s(_lib.assess_responses_wave(self._h, i))
                for i in range(_lib.assess_responses_wave_count(self._h))]

    def dump(self):
        """The table as text, one answer a line (for tests)."""
        p = _lib.assess_responses_dump(self._h)
        if not p:
            raise Error("out of memory", "ENOMEM")
        try:
            return _s(ctypes.string_at(p))
        finally:
            _lib.assess_free(p)

    def score(self, items=True, weighting="raters", norms="instrument",
              gap_threshold=None, cohort_minimum=None, top=None,
              research=False, digits=0, threads=None):
        """Scores every subject in every wave (assess score)."""
        o = _ScoreOptions()
        _lib.assess_score_options_init(ctypes.byref(o))
        o.items = 1 if items else 0
        o.weighting = {"raters": 0, "groups": 1}[weighting]
        o.norms = {"instrument": 0, "cohort": 1, "none": 2}[norms]
        if gap_threshold is not None:
            o.gap_threshold = gap_threshold
        if cohort_minimum is not None:
            o.cohort_minimum = cohort_minimum
        if top is not None:
            o.top = top
        o.research = 1 if research else 0
        o.digits = digits
        o.threads = _threads(threads)
        call = _Call()
        h = _lib.assess_score_compute(self._h, ctypes.byref(o),
                                      ctypes.byref(call.err))
        if not h:
            call.fail()
        return Scores(h, self)

    def _table(self, compute, opts, keep):
        call = _Call()
        h = compute(self._h, ctypes.byref(opts), ctypes.byref(call.err))
        if not h:
            call.fail()
        return Table(_lib.assess_table_rows, h, [self, keep],
                     free=_lib.assess_table_free)

    def agree(self, by_group=False, null="uniform", truncate=True, pair=None,
              categories="observed", research=False, digits=0, threads=None):
        """Rater agreement (assess agree)."""
        o = _AgreeOptions()
        _lib.assess_agree_options_init(ctypes.byref(o))
        o.by_group = 1 if by_group else 0
        o.null = ["uniform", "slight_skew", "moderate_skew", "heavy_skew",
                  "triangular", "normal"].index(null)
        o.rwg_truncate = 1 if truncate else 0
        pair_b = _b(pair)
        o.pair = pair_b
        o.categories = ["observed", "scale"].index(categories)
        o.research = 1 if research else 0
        o.digits = digits
        o.threads = _threads(threads)
        return self._table(_lib.assess_agree_compute, o, pair_b)

    def reliability(self, group=None, missing="listwise", research=False,
                    digits=0, threads=None):
        """Scale reliability (assess reliability)."""
        o = _ReliabilityOptions()
        _lib.assess_reliability_options_init(ctypes.byref(o))
        group_b = _b(group)
        o.group = group_b
        o.pairwise = ["listwise", "pairwise"].index(missing)
        o.research = 1 if research else 0
        o.digits = digits
        o.threads = _threads(threads)
        return self._table(_lib.assess_reliability_compute, o, group_b)

    def change(self, pre=None, post=None, match="groups", rci_z=None,
               goals=None, research=False, digits=0, threads=None):
        """Change between two waves (assess change); `goals` a CSV file."""
        o = _ChangeOptions()
        _lib.assess_change_options_init(ctypes.byref(o))
        keep = [_b(pre), _b(post)]
        o.pre, o.post = keep
        o.match = ["groups", "raters"].index(match)
        if rci_z is not None:
            o.rci_z = rci_z
        o.research = 1 if research else 0
        o.digits = digits
        o.threads = _threads(threads)
        if goals is not None:
            # the table's rows name the goals' subjects: kept with it
            keep.append(_Goals(goals))
            o.goals = keep[-1]._h
        return self._table(_lib.assess_change_compute, o, keep)


class _Goals:
    """Coaching goals read from CSV (assess_goals)."""

    def __init__(self, path):
        call = _Call()
        self._h = _lib.assess_goals_read_file(_b(os.fspath(path)),
                                              ctypes.byref(call.err))
        if not self._h:
            call.fail()

    def __del__(self):
        if getattr(self, "_h", None):
            _lib.assess_goals_free(self._h)
            self._h = None


# ---- Results ------------------------------------------------------------------


class Table:
    """The rows of a table, read through the library (assess_rows)."""

    def __init__(self, rows_of, h, keep, arg=None, free=None):
        self._h, self._free, self._keep = h, free, keep
        call = _Call()
        args = (h,) if arg is None else (h, arg)
        r = rows_of(*args, ctypes.byref(call.err))
        if not r:
            if free:
                free(h)
                self._h = None
            call.fail()
        self._rows_h = r
        self.name = _s(_lib.assess_rows_name(r))
        n = _lib.assess_rows_column_count(r)
        self.columns = [_s(_lib.assess_rows_column_name(r, c)) for c in range(n)]
        self.types = [_TYPE_NAMES[_lib.assess_rows_column_type(r, c)]
                      for c in range(n)]
        self._rows = None

    def __del__(self):
        if getattr(self, "_rows_h", None):
            _lib.assess_rows_free(self._rows_h)
            self._rows_h = None
        if getattr(self, "_h", None) and self._free:
            self._free(self._h)
            self._h = None

    def __len__(self):
        return _lib.assess_rows_count(self._rows_h)

    def __iter__(self):
        return iter(self.rows)

    def __repr__(self):
        return "<Table %s: %d rows of %s>" % (self.name, len(self),
                                             ",".join(self.columns))

    @property
    def rows(self):
        """Every row, a tuple of cells in the order of `columns`."""
        if self._rows is None:
            r, ncol = self._rows_h, len(self.columns)
            get_type, text = _lib.assess_rows_type, _lib.assess_rows_text
            integer, real = _lib.assess_rows_integer, _lib.assess_rows_real
            out = []
            for i in range(_lib.assess_rows_count(r)):
                row = []
                for c in range(ncol):
                    t = get_type(r, i, c)
                    row.append(None if t == _NULL else
                               text(r, i, c).decode("utf-8") if t == _TEXT else
                               integer(r, i, c) if t == _INTEGER else
                               real(r, i, c) if t == _REAL else
                               integer(r, i, c) != 0)
                out.append(tuple(row))
            self._rows = out
        return self._rows

    def dicts(self):
        """Every row as a dict of column to cell (pandas.DataFrame takes
        this, or rows with columns=)."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def csv(self, file=None):
        """The CSV `assess` writes: returned, or written to `file`."""
        if file is not None:
            return _write_to(file, _lib.assess_table_write_csv, self._h)
        return _write(_lib.assess_table_write_csv, self._h)

    def json(self, file=None):
        if file is not None:
            return _write_to(file, _lib.assess_table_write_json, self._h)
        return _write(_lib.assess_table_write_json, self._h)


_SCORE_TABLES = {"scales": 0, "items": 1, "raters": 2}


class Scores(Table):
    """Scored profiles (Responses.score): the scale table's rows, and
    table("items") and, with research=True, table("raters")."""

    def __init__(self, h, responses):
        self._score_h = h
        super().__init__(_lib.assess_score_rows, h, [responses], arg=0,
                         free=None)
        self._responses = responses

    def __del__(self):
        super().__del__()
        if getattr(self, "_score_h", None):
            _lib.assess_score_free(self._score_h)
            self._score_h = None

    def table(self, which="scales"):
        return Table(_lib.assess_score_rows, self._score_h, [self],
                     arg=_SCORE_TABLES[which])

    def csv(self, which="scales", file=None):
        if file is not None:
            return _write_to(file, _lib.assess_score_write_csv, self._score_h,
                             _SCORE_TABLES[which])
        return _write(_lib.assess_score_write_csv, self._score_h,
                      _SCORE_TABLES[which])

    def json(self, file=None):
        if file is not None:
            return _write_to(file, _lib.assess_score_write_json, self._score_h)
        return _write(_lib.assess_score_write_json, self._score_h)

    def text(self, subject=None):
        return _write(_lib.assess_score_write_text, self._score_h, _b(subject))


class Database:
    """Results kept in SQLite, as `assess ... --format sqlite` keeps them:

        with assess.Database("results.db", responses) as db:
            db.write(responses.score())
            db.write(responses.agree())

    The run is recorded (command "python", the instrument, the response
    files with their sizes and SHA-256) and committed when the block ends
    without an exception; otherwise the file is left as it was."""

    def __init__(self, path, responses, command_line=None, goals=None):
        files = [("instrument", responses.instrument.path)] + \
                [("responses", f) for f in responses.files]
        if goals is not None:
            files.append(("goals", os.fspath(goals)))
        self._keep = [(_b(role), _b(p)) for role, p in files]
        arr = (_RunFile * len(self._keep))(*[_RunFile(r, p) for r, p in self._keep])
        self._cl = _b(command_line or "python")
        info = _RunInfo(b"python", self._cl, responses.instrument._h, arr,
                        len(self._keep))
        self._responses = responses
        call = _Call()
        self._h = _lib.assess_db_open(_b(os.fspath(path)), ctypes.byref(info),
                                      ctypes.byref(call.err))
        if not self._h:
            call.fail()
        self.run_id = _lib.assess_db_run_id(self._h)

    def write(self, table):
        """Adds a table's rows (a Table or Scores) to its SQLite table."""
        call = _Call()
        call.check(_lib.assess_db_write(self._h, table._rows_h,
                                        ctypes.byref(call.err)))

    def commit(self):
        call = _Call()
        call.check(_lib.assess_db_commit(self._h, ctypes.byref(call.err)))

    def close(self):
        if getattr(self, "_h", None):
            _lib.assess_db_close(self._h)
            self._h = None

    __del__ = close

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        try:
            if kind is None:
                self.commit()
        finally:
            self.close()
