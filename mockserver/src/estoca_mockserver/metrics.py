"""Per-worker request metrics kept in plain dicts and lists, rendered as Prometheus text on scrape.

The request path does one dict increment and one bisect into a preallocated list; everything that costs
(label escaping, cumulative buckets, text) happens in ``render`` when ``/metrics`` is scraped.
"""

from __future__ import annotations

from bisect import bisect_left

BUCKETS: tuple[float, ...] = (
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
)


class Histogram:
    """Bucket counts (non-cumulative, last slot is +Inf) and the sum of observations."""

    __slots__ = ("counts", "total")

    def __init__(self) -> None:
        self.counts = [0] * (len(BUCKETS) + 1)
        self.total = 0.0

    def observe(self, seconds: float) -> None:
        self.counts[bisect_left(BUCKETS, seconds)] += 1
        self.total += seconds


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """Request counters by (group, endpoint, status, fault) and latency histograms by (group, endpoint)."""

    def __init__(self) -> None:
        self.requests: dict[tuple[str, str, int, str], int] = {}
        self.histograms: dict[tuple[str, str], Histogram] = {}
        self.reloads: dict[str, int] = {}
        self.endpoints = 0

    def histogram(self, group: str, endpoint: str) -> Histogram:
        """The histogram of one endpoint; compiled endpoints keep a reference to it."""
        key = (group, endpoint)
        hist = self.histograms.get(key)
        if hist is None:
            hist = self.histograms[key] = Histogram()
        return hist

    def count(self, key: tuple[str, str, int, str]) -> None:
        requests = self.requests
        requests[key] = requests.get(key, 0) + 1

    def reload(self, kind: str) -> None:
        self.reloads[kind] = self.reloads.get(kind, 0) + 1

    def render(self) -> bytes:
        """Prometheus text exposition format 0.0.4."""
        out = [
            "# HELP estoca_mock_requests_total Requests answered by the mockserver.",
            "# TYPE estoca_mock_requests_total counter",
        ]
        for (group, endpoint, status, fault), n in sorted(self.requests.items()):
            out.append(
                f'estoca_mock_requests_total{{group="{_label(group)}",endpoint="{_label(endpoint)}",'
                f'status="{status}",fault="{_label(fault)}"}} {n}'
            )
        out += [
            "# HELP estoca_mock_request_duration_seconds Time from request to the end of the response.",
            "# TYPE estoca_mock_request_duration_seconds histogram",
        ]
        for (group, endpoint), hist in sorted(self.histograms.items()):
            labels = f'group="{_label(group)}",endpoint="{_label(endpoint)}"'
            running = 0
            for bound, n in zip((*BUCKETS, float("inf")), hist.counts, strict=True):
                running += n
                le = "+Inf" if bound == float("inf") else repr(bound)
                out.append(f'estoca_mock_request_duration_seconds_bucket{{{labels},le="{le}"}} {running}')
            out.append(f"estoca_mock_request_duration_seconds_sum{{{labels}}} {hist.total}")
            out.append(f"estoca_mock_request_duration_seconds_count{{{labels}}} {running}")
        out += [
            "# HELP estoca_mock_endpoints Endpoints currently served.",
            "# TYPE estoca_mock_endpoints gauge",
            f"estoca_mock_endpoints {self.endpoints}",
            "# HELP estoca_mock_reloads_total Configuration reloads applied, by kind.",
            "# TYPE estoca_mock_reloads_total counter",
        ]
        for kind, n in sorted(self.reloads.items()):
            out.append(f'estoca_mock_reloads_total{{kind="{_label(kind)}"}} {n}')
        return ("\n".join(out) + "\n").encode()
