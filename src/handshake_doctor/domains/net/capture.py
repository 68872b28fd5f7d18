"""The TCP layer of a captured connection, judged from its numbers (pure: a Transcript in).

Why first and separate: a connection that never opened explains everything above it, and the
evidence is arithmetic on what the capture holds (SYNs sent, answered or not, who reset, how
long the silence lasted). The reader puts those numbers in ``transcript.meta["tcp"]``
(analyze/conversation.py); any other source that records them (a probe, scan) can use this too.

What the numbers mean (RFC 9293): a RST with ACK in reply to a SYN is "connection refused"
(§3.10.7.1: the port has no listener); SYNs retransmitted with no answer are a black hole (a
firewall that drops, or a host that is down); data retransmitted and never acknowledged after
the handshake is a path that drops large or inspected segments (PMTU black hole, DPI).
"""

from __future__ import annotations

from ...model import Evidence, Finding, Fix
from ...transcript import Transcript

SOURCE = "RFC 9293 §3.5, §3.10.7 (TCP connection set-up, reset, retransmission)"


def _ev(kind: str, value: str, note: str, where: str = "capture") -> Evidence:
    return Evidence(kind, value, where, note)


def facts(tr: Transcript) -> tuple[dict, dict, float]:  # type: ignore[type-arg]
    tcp = tr.meta.get("tcp") or {}
    return tcp.get("client") or {}, tcp.get("server") or {}, float(tcp.get("end") or 0.0)


def one_sided(tr: Transcript) -> str:
    """'server' or 'client' when that side's packets are missing from the capture, else ''."""
    c, s, _end = facts(tr)
    if c.get("packets") and not s.get("packets") and (c.get("ack_moved") or c.get("synack")):
        return "server"
    if s.get("packets") and not c.get("packets"):
        return "client"
    return ""


def judge(tr: Transcript) -> tuple[list[Finding], bool]:
    """Findings of the TCP layer, and whether the layers above have anything to judge."""
    c, s, end = facts(tr)
    out: list[Finding] = []
    server, client = tr.peer, tr.local
    missing = one_sided(tr)
    if missing:
        who = "server's" if missing == "server" else "client's"
        out.append(Finding(
            "net.capture_one_sided", "net",
            f"The capture holds only one direction of {client} -> {server}: the {who} packets are missing",
            f"{c.get('packets', 0)} packet(s) from the client and {s.get('packets', 0)} from the server were captured, "
            "yet the acknowledgement numbers move: the other side did send. The capture point saw one direction only "
            "(asymmetric routing, a SPAN port or a filter with one host/port); judging what the missing side said is not possible.",
            "warning", 0.9, [_ev("count", f"client {c.get('packets', 0)} / server {s.get('packets', 0)} packets", "packets captured per direction")],
            [Fix("Capture on a point both directions cross, or with a filter naming both hosts", "user", f"tcpdump -i any -w both.pcap 'host {_host(client)} and host {_host(server)}'")],
            [SOURCE], {"missing": missing}, role="cause",
        ))
        if missing == "server" and not c.get("bytes"):
            return out, False
    if c.get("syn") and not s.get("synack"):
        if s.get("rst") is not None:
            out.append(Finding(
                "net.tcp_refused", "net", f"{server} refused the connection: it answered the SYN with a RST",
                "Nothing listens on that port (or a firewall rejects with a reset). The client's SYN got RST,ACK back.",
                "error", 0.95,
                [_ev("timing", f"SYN at {_t(c.get('first'))}, RST at {_t(s.get('rst'))}", "RST in reply to the SYN, no SYN-ACK"),
                 _ev("ttl", str(s.get("rst_ttl")), "TTL of the RST")],
                [Fix("Server: start the service or point the client at the port it listens on", "server", "ss -ltnp")],
                [SOURCE], {"syn": c.get("syn", 0)},
            ))
            return out, False
        if not missing:
            n = int(c.get("syn") or 0)
            span = (c.get("last") or 0.0) - (c.get("first") or 0.0)
            certain = n >= 2
            out.append(Finding(
                "net.tcp_timeout", "net",
                f"No answer to the SYN: sent {n} time(s) over {span:.1f} s, never answered (a black hole)" if certain
                else f"The SYN to {server} was not answered before the capture ended ({end:.1f} s later)",
                "A firewall drops the SYN, the host is down, or the route is broken: nothing came back, not even a reset."
                + ("" if certain else " Only one SYN was captured, so the capture may simply have ended too soon."),
                "error" if certain else "warning", 0.9 if certain else 0.5,
                [_ev("count", f"{n} SYN", "SYN sent, including retransmissions"), _ev("timing", f"{span:.2f} s", "from the first to the last SYN")],
                [Fix("Network: check the route and the firewall between the hosts (an allow rule for this port)", "network", f"nc -vz -w 3 {_host(server)} {_port(server)}")],
                [SOURCE], {"syn": n, "seconds": round(span, 3)},
            ))
            return out, False
    if c.get("bytes") and s.get("packets") and not s.get("bytes"):
        acked = s.get("acked_peer_bytes")
        retr = int(c.get("first_data_retrans") or 0)
        if retr >= 1 and (acked is None or acked <= 0) and s.get("rst") is None and s.get("fin") is None:
            out.append(Finding(
                "net.data_blackholed", "net",
                f"The client's first data ({c.get('bytes')} bytes) was retransmitted {retr} time(s) and never acknowledged",
                "The TCP handshake worked, but the first data segment never reached the server (no ACK for it): a path that drops "
                "large segments (an MTU/PMTUD black hole: ICMP 'fragmentation needed' filtered) or a middlebox that drops what it inspects.",
                "error", 0.85,
                [_ev("count", f"{retr + 1} transmissions", "the first data segment, never acknowledged")],
                [Fix("Network: allow ICMP 'fragmentation needed' / 'packet too big', or clamp the MSS on the router", "network",
                     "iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu")],
                [SOURCE, "RFC 8201 / RFC 1191 (path MTU discovery)"], {"retransmissions": retr},
            ))
            return out, False
    return out, True


def _t(x: object) -> str:
    return "?" if x is None else f"{float(x):.3f} s"  # type: ignore[arg-type]


def _host(ep: str) -> str:
    return ep.rsplit(":", 1)[0].strip("[]")


def _port(ep: str) -> str:
    return ep.rsplit(":", 1)[-1]
