"""What the machine has: devices, CPU and GPU description, and the CPU's theoretical peak."""

import os
import platform
from pathlib import Path

import torch

from dlcourse.validation import check_positive_number

CPUINFO = Path("/proc/cpuinfo")
MAX_FREQ = Path("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")  # kHz, where reported


def available_devices() -> list[torch.device]:
    """Every device PyTorch can compute on here: the CPU, then each CUDA GPU, then Apple's MPS."""
    devices = [torch.device("cpu")]
    if torch.cuda.is_available():
        devices += [torch.device("cuda", i) for i in range(torch.cuda.device_count())]
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append(torch.device("mps"))
    return devices


def _parse_cpuinfo(text: str) -> dict:
    """Model name, vendor, family, clock (MHz), flags and physical cores from the text of
    ``/proc/cpuinfo``."""
    info: dict = {
        "model": None,
        "vendor": None,
        "family": None,
        "mhz": None,
        "flags": set(),
        "physical_cores": None,
    }
    cores = set()
    physical_id = core_id = None
    for line in text.splitlines() + [""]:
        if not line.strip():  # a blank line ends one logical processor's block
            if core_id is not None:
                cores.add((physical_id, core_id))
            physical_id = core_id = None
            continue
        key, _, value = (part.strip() for part in line.partition(":"))
        if key == "model name" and info["model"] is None:
            info["model"] = value
        elif key == "vendor_id" and info["vendor"] is None:
            info["vendor"] = value
        elif key == "cpu family" and info["family"] is None and value.isdigit():
            info["family"] = int(value)
        elif key == "cpu MHz" and info["mhz"] is None:
            info["mhz"] = float(value)
        elif key in ("flags", "Features") and not info["flags"]:
            info["flags"] = set(value.split())
        elif key == "physical id":
            physical_id = value
        elif key == "core id":
            core_id = value
    info["physical_cores"] = len(cores) or None
    return info


def _max_ghz(path: Path = MAX_FREQ) -> float | None:
    """The highest clock the cores may boost to (GHz), if the system reports it, else ``None``."""
    try:
        return round(int(path.read_text().strip()) / 1e6, 3)
    except (OSError, ValueError):
        return None


def describe_hardware() -> dict:
    """A description of this machine as plain data (JSON-ready).

    CPU: model, vendor and family (``vendor_id`` and ``cpu family``), logical cores, physical
    cores, clock in GHz as reported in ``/proc/cpuinfo`` (often the base clock, or under a
    hypervisor the timestamp counter's), the maximum boost clock where the system reports it
    (``max_ghz``), SIMD flags, and the number of threads PyTorch uses. Each GPU: name and memory.
    Values the system does not report are ``None``.
    """
    cpu = _parse_cpuinfo(CPUINFO.read_text()) if CPUINFO.exists() else {}
    flags = cpu.get("flags", set())
    description = {
        "cpu": {
            "model": cpu.get("model") or platform.processor() or platform.machine(),
            "vendor": cpu.get("vendor"),
            "family": cpu.get("family"),
            "logical_cores": os.cpu_count(),
            "physical_cores": cpu.get("physical_cores"),
            "ghz": round(cpu["mhz"] / 1000, 3) if cpu.get("mhz") else None,
            "max_ghz": _max_ghz(),
            "simd": sorted(flags & {"sse4_2", "avx", "avx2", "fma", "avx512f", "neon", "asimd"}),
            "torch_threads": torch.get_num_threads(),
        },
        "gpus": [],
        "torch": torch.__version__,
        "platform": platform.platform(),
    }
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(i)
            memory_gib = props.total_memory / 2**30
            description["gpus"].append(
                {"device": f"cuda:{i}", "name": props.name, "memory_gib": memory_gib}
            )
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        description["gpus"].append({"device": "mps", "name": "Apple GPU (MPS)", "memory_gib": None})
    return description


def flops_per_cycle(
    simd: list[str] | set[str],
    dtype: torch.dtype = torch.float32,
    *,
    vendor: str | None = None,
    family: int | None = None,
) -> int:
    """Floating-point operations one x86 core can finish per clock cycle, from its SIMD flags.

    ``(vector bits / bits per number) * 2 (a fused multiply-add is two operations) * 2 (two FMA
    units, as on every Intel core since Haswell and AMD's since Zen 2)``. A core without FMA
    (no ``fma`` flag, as Intel's Sandy Bridge) has one adder and one multiplier instead, each
    finishing one operation per number per cycle: half that count. AVX 256-bit vectors, SSE 128,
    and AVX-512 512, except on AMD's Zen 4 (``vendor="AuthenticAMD"``, ``family=25``), which
    accepts AVX-512 instructions but runs each on its 256-bit units in two halves. Some other
    chips (Intel's Xeon Silver, Zen 5 in laptops) also have less than two full 512-bit units and
    stay below this count.
    """
    bits = {torch.float32: 32, torch.float64: 64}.get(dtype)
    if bits is None:
        raise ValueError(f"dtype must be torch.float32 or torch.float64, got {dtype}")
    if vendor is not None and not isinstance(vendor, str):
        raise TypeError(f"vendor must be a string such as 'AuthenticAMD', got {vendor!r}")
    if family is not None and (isinstance(family, bool) or not isinstance(family, int)):
        raise TypeError(f"family must be an integer (the CPU family number), got {family!r}")
    simd = set(simd)
    vector = 512 if "avx512f" in simd else 256 if "avx" in simd else 128
    if vector == 512 and vendor == "AuthenticAMD" and family is not None and family <= 25:
        vector = 256
    operations_per_number = 2 * 2 if "fma" in simd else 1 + 1  # 2 FMA units, or add + mul
    return vector // bits * operations_per_number


def peak_gflops(cores: int, ghz: float, per_cycle: int) -> float:
    """Theoretical peak in GFLOP/s: ``cores * clock (GHz) * FLOPs per cycle per core``."""
    return (
        check_positive_number(cores, "cores")
        * check_positive_number(ghz, "ghz")
        * check_positive_number(per_cycle, "per_cycle")
    )


def cpu_peak_gflops(description: dict | None = None, dtype: torch.dtype = torch.float32):
    """The CPU's theoretical peak (GFLOP/s) from ``describe_hardware()``, or ``None`` if the
    system does not report what it takes.

    The clock is the maximum boost clock where the system reports one, else the reported clock;
    in the second case cores that boost above it can measure faster than this "peak".
    """
    cpu = (description or describe_hardware())["cpu"]
    cores = cpu["physical_cores"] or cpu["logical_cores"]
    ghz = cpu.get("max_ghz") or cpu["ghz"]
    if not cores or not ghz or not {"sse4_2", "avx"} & set(cpu["simd"]):
        return None  # not an x86 CPU that reports its clock: no honest peak to give
    per_cycle = flops_per_cycle(
        cpu["simd"], dtype, vendor=cpu.get("vendor"), family=cpu.get("family")
    )
    return peak_gflops(cores, ghz, per_cycle)
