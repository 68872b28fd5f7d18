"""Issue 2's "must show" cases, end to end through the engine and every registered domain."""

from __future__ import annotations

import json

import handshake_doctor as hd


def _text(f) -> str:  # type: ignore[no-untyped-def]
    return " ".join([f.summary, f.detail] + [x.summary + " " + x.command + " " + " ".join(s.code for s in x.snippets) for x in f.fixes]).lower()


def test_seed_phrase_lists_every_meaning_and_claims_no_certainty(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("explain", "--json", "Handshaking... error: unexpected response 0x68")
    doc = json.loads(r.stdout)
    names = {d["name"] for d in doc["domains"]}
    assert {"smartcard", "meter", "tls"} <= names, names
    assert names & {"text", "serial"}, names
    assert max(d["score"] for d in doc["domains"]) < 0.9, doc["domains"]
    meanings = " ".join(d["meaning"] for d in doc["domains"]).lower()
    assert "cla" in meanings and "'h'" in meanings
    assert any("no known tool" in n.lower() for n in doc["notes"])
    assert any("log" in q["text"].lower() for q in doc["questions"])
    assert len(doc["questions"]) >= 2, "a bare byte must come with questions that separate the domains"


def test_bare_byte_context_words_move_the_ranking() -> None:
    def top(text: str) -> str:
        return hd.explain(text).domains[0].name

    assert top("smart card reader returned 0x68 to my APDU") == "smartcard"
    assert top("flashing my phone with SP Flash, DA handshake got 0x68") == "bootloader.mtk"
    assert top("M-Bus meter answered 0x68") == "meter"
    assert top("https client: ssl handshake read 0x68") in ("tls", "http")


def test_6881_logical_channel_with_cla_bits() -> None:
    d = hd.explain("6881")
    f = d.findings[0]
    assert f.code == "smartcard.logical_channel_unsupported"
    assert "cla" in _text(f) and ("b2" in _text(f) or "channel bits" in _text(f))


def test_6c10_resend_with_le() -> None:
    f = hd.explain("6C10").findings[0]
    assert f.code == "smartcard.wrong_le"
    assert "le" in _text(f) and "10" in _text(f)


def test_6110_get_response() -> None:
    f = hd.explain("6110").findings[0]
    assert f.code == "smartcard.get_response_needed"
    assert "00 c0 00 00 10" in _text(f)


def test_openssl_received_alert_protocol_version() -> None:
    d = hd.explain("0A00042E")
    f = d.findings[0]
    assert f.domain == "tls"
    assert "protocol_version" in _text(f) or "protocol version" in _text(f)
    assert "70" in _text(f)


def test_avrdude_resp_68_is_a_sketch_printing_text() -> None:
    d = hd.explain("avrdude: stk500_recv(): not in sync: resp=0x68")
    assert d.findings[0].code == "bootloader.avr.sketch_running"
    assert d.domains[0].name == "bootloader.avr"


def test_mtkclient_echo_mismatch() -> None:
    d = hd.explain("Echo mismatch: got array('B', [160]), expected 5f")
    f = d.findings[0]
    assert f.code == "bootloader.mtk.echo_not_complement"
    assert "a0" in _text(f) and "complement" in _text(f)
