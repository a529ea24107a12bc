"""A submission's kernel in a sandbox: it sees an empty folder of its own, the Python it needs
(read-only) and nothing else.

A notebook's code runs in a Jupyter kernel, with the rights of whoever starts it. Graded in the
course folder, a submission could open the gradebook, read the instructor's solutions or another
student's work, or rewrite the course package for everyone graded after it. So the grader starts
each kernel through bubblewrap (``bwrap``, Linux namespaces, no root needed), with:

1. a file system of its own: the system's programs and libraries, this Python and its packages
   and the ``dlcourse`` package, all read-only; an empty working folder and ``/tmp`` on a
   size-capped tmpfs; no course folder, no gradebook, no home folder;
2. no network, its own process tree (when the grader stops the kernel, every process the
   submission started ends with it, however it detached itself), its own user id (65534), and no
   view of the grader's processes, so it can neither signal nor wait on them;
3. a clean environment: only the variables that decide how the numerical libraries compute.

The kernel speaks to the grader over Unix sockets in a private folder (the only one it may
write outside its tmpfs), and the grader, not the kernel, writes the scores.
"""

import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import List, Unicode

# Variables that decide which kernels the numerical libraries run (and so the digits they print),
# plus locale and time zone; everything else in the grader's environment stays out of the kernel.
KEPT_VARIABLES = (
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "PYTHONHASHSEED",
    "ATEN_CPU_CAPABILITY",
    "ONEDNN_MAX_CPU_ISA",
    "MKL_ENABLE_INSTRUCTIONS",
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "NPY_DISABLE_CPU_FEATURES",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "CUDA_VISIBLE_DEVICES",
)
NOBODY = "65534"
HOME = "/tmp/home"
WORKDIR = "/tmp/submission"


def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


@cache
def sandbox_problem() -> str | None:
    """``None`` if this machine can start a sandboxed kernel; otherwise why it cannot."""
    if not sys.platform.startswith("linux"):
        return f"the grading sandbox needs Linux (bubblewrap); this is {sys.platform}"
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed (Debian, Ubuntu: apt-get install bubblewrap)"
    probe = _run([*bwrap_arguments(Path("/nonexistent"), 2**20), "--", sys.executable, "-c", ""])
    if probe.returncode != 0:
        return (
            f"bubblewrap cannot create a sandbox here ({probe.stderr.strip()[:300]}); user "
            "namespaces may be turned off (sysctl kernel.unprivileged_userns_clone, or an "
            "AppArmor restriction on Ubuntu 24.04 and later)"
        )
    return None


def _readable() -> list[Path]:
    """The folders a kernel must read: this Python, its packages and the course package."""
    import dlcourse

    package = Path(dlcourse.__file__).resolve().parent
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), package}
    # a folder inside another needs no mount of its own
    return sorted(r for r in roots if not any(o != r and o in r.parents for o in roots))


def _system() -> list[str]:
    """The system's programs and libraries, read-only; merged-/usr links kept as links."""
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    # CPU topology, which the thread pools of NumPy and PyTorch read to size themselves
    args += ["--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
    # a GPU, if the machine has one
    for device in sorted(Path("/dev").glob("nvidia*")) + [Path("/dev/dri")]:
        args += ["--dev-bind-try", str(device), str(device)]
    return args


def bwrap_arguments(ipc_dir: Path, tmp_bytes: int) -> list[str]:
    """The ``bwrap`` command line, up to the program it runs, for a kernel that talks through
    sockets in ``ipc_dir`` and may keep ``tmp_bytes`` of files (in /tmp and /dev/shm each)."""
    args = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session"]
    args += ["--uid", NOBODY, "--gid", NOBODY, "--clearenv"]
    args += _system()
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--size", str(tmp_bytes), "--tmpfs", "/tmp"]
    args += ["--size", str(tmp_bytes), "--tmpfs", "/dev/shm"]
    # after the private /tmp, so that a Python or course installed under /tmp is still seen
    for root in _readable():
        args += ["--ro-bind", str(root), str(root)]
    args += ["--dir", HOME, "--dir", WORKDIR, "--chdir", WORKDIR]
    if ipc_dir.exists():
        args += ["--bind", str(ipc_dir), str(ipc_dir)]
    path = f"{Path(sys.executable).parent}:/usr/bin:/bin"
    args += ["--setenv", "HOME", HOME, "--setenv", "PATH", path]
    args += ["--setenv", "MPLBACKEND", "agg"]
    for name, value in os.environ.items():
        # JPY_*: how jupyter_client tells the kernel it has a parent
        if name in KEPT_VARIABLES or name.startswith("JPY_"):
            args += ["--setenv", name, value]
    args += _font_cache()
    return args


def _font_cache() -> list[str]:
    """Matplotlib's font list, read-only, so that each sandbox does not spend seconds building
    its own."""
    cache = Path(os.environ.get("MPLCONFIGDIR", Path.home() / ".cache" / "matplotlib"))
    inside = f"{HOME}/.cache/matplotlib"
    args = ["--dir", inside, "--setenv", "MPLCONFIGDIR", inside]
    for path in sorted(cache.glob("fontlist-*.json")):
        args += ["--ro-bind", str(path), f"{inside}/{path.name}"]
    return args


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts its kernel inside ``sandbox_prefix`` and speaks to it over
    Unix sockets (the sandbox has no network)."""

    sandbox_prefix = List(Unicode(), help="the command line that wraps the kernel's").tag(
        config=False
    )

    def format_kernel_cmd(self, extra_arguments=None) -> list[str]:
        # A signal sent to bwrap does not reach the kernel in its own session, so interrupts go
        # as messages, which the kernel turns into a SIGINT to itself.
        self.kernel_spec.interrupt_mode = "message"
        return [*self.sandbox_prefix, "--", *super().format_kernel_cmd(extra_arguments)]


def sandboxed(km: AsyncKernelManager, ipc_dir: Path, tmp_bytes: int) -> AsyncKernelManager:
    """Point ``km`` (a SandboxedKernelManager) at sockets in ``ipc_dir`` and wrap its kernel."""
    km.transport = "ipc"
    km.ip = str(ipc_dir / "kernel")
    km.connection_file = str(ipc_dir / "kernel.json")
    km.sandbox_prefix = bwrap_arguments(ipc_dir, tmp_bytes)
    return km
