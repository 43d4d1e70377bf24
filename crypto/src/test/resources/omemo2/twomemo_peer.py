#!/usr/bin/python3
"""
A python-twomemo peer for Sotto's OMEMO 2 interop tests.

Reads one JSON command per line on stdin and answers one JSON line on stdout. Bytes travel as base64.
Each named device has its own in-memory omemo.storage.Storage and twomemo.Twomemo backend; receiving
follows omemo.SessionManager.decrypt (key exchange handling, pre key deletion) without the XMPP parts.

Commands (field "op"):
  create   {device, priv?}                           -> bundle of a new device (identity from a seed, or priv)
  keys     {seed, message, signature}                -> python-xeddsa's view of an Ed25519 seed and signature
  bundle   {device}                                  -> its current bundle
  encrypt  {device, peer, plaintext|empty, bundle?}  -> {payload, key, kex}; builds a session from bundle if needed
  decrypt  {device, peer, key, kex, payload?}        -> {plaintext|null} or {error, message}
  session  {device, peer}                            -> {exists, confirmed, receiving, sending}
  pre_keys {device}                                  -> {count}
"""
import asyncio
import base64
import json
import sys
import traceback

import omemo
from omemo.session import Initiation
from omemo.storage import Just, Nothing, Storage
import twomemo
from twomemo.twomemo import (BundleImpl, ContentImpl, EncryptedKeyMaterialImpl, KeyExchangeImpl,
                             PlainKeyMaterialImpl)
import x3dh
import xeddsa

PEER_JID = "peer@sotto.test"


class MemoryStorage(Storage):
    def __init__(self):
        super().__init__(True)
        self.data = {}

    async def _load(self, key):
        return Just(self.data[key]) if key in self.data else Nothing()

    async def _store(self, key, value):
        self.data[key] = value

    async def _delete(self, key):
        self.data.pop(key, None)


def b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def unb64(text):
    return base64.b64decode(text)


class Device:
    def __init__(self):
        self.storage = MemoryStorage()
        self.backend = twomemo.Twomemo(self.storage)


devices = {}


async def bundle_json(device):
    bundle = await device.backend.get_bundle(PEER_JID, 1)
    return {
        "ik": b64(bundle.bundle.identity_key),
        "spk": b64(bundle.bundle.signed_pre_key),
        "spk_id": bundle.signed_pre_key_id,
        "spks": b64(bundle.bundle.signed_pre_key_sig),
        "pks": {str(pk_id): b64(pk) for pk, pk_id in bundle.pre_key_ids.items()},
    }


def parse_bundle(data, peer):
    pre_keys = {unb64(pk): int(pk_id) for pk_id, pk in data["pks"].items()}
    return BundleImpl(PEER_JID, peer, x3dh.Bundle(
        identity_key=unb64(data["ik"]),
        signed_pre_key=unb64(data["spk"]),
        signed_pre_key_sig=unb64(data["spks"]),
        pre_keys=frozenset(pre_keys.keys())), data["spk_id"], pre_keys)


async def op_create(cmd):
    device = Device()
    devices[cmd["device"]] = device
    if "priv" in cmd:
        # a Curve25519 private key as identity (as libsignal-based clients have): no seed, XEdDSA-style signing
        await device.storage.store("/ikp/is_seed", False)
        await device.storage.store_bytes("/ikp/key", unb64(cmd["priv"]))
    if "seed" in cmd:
        # a given Ed25519 seed, as python-omemo stores its identity: the same device as an oldmemo peer with it
        await device.storage.store("/ikp/is_seed", True)
        await device.storage.store_bytes("/ikp/key", unb64(cmd["seed"]))
    await device.backend.generate_pre_keys(100)
    return await bundle_json(device)


async def op_keys(cmd):
    seed = unb64(cmd["seed"])
    ed25519 = xeddsa.seed_to_ed25519_pub(seed)
    priv = xeddsa.seed_to_priv(seed)
    return {"ed25519": b64(ed25519), "ed25519_from_priv": b64(xeddsa.priv_to_ed25519_pub(priv)),
            "curve25519": b64(xeddsa.priv_to_curve25519_pub(priv)),
            "converted": b64(xeddsa.ed25519_pub_to_curve25519_pub(ed25519)),
            "verifies": xeddsa.ed25519_verify(unb64(cmd["signature"]), ed25519, unb64(cmd["message"]))}


async def op_bundle(cmd):
    return await bundle_json(devices[cmd["device"]])


async def op_encrypt(cmd):
    backend = devices[cmd["device"]].backend
    peer = cmd["peer"]
    if cmd.get("empty"):
        content, plain = await backend.encrypt_empty()
    else:
        content, plain = await backend.encrypt_plaintext(unb64(cmd["plaintext"]))
    session = await backend.load_session(PEER_JID, peer)
    if session is None:
        session, encrypted = await backend.build_session_active(
            PEER_JID, peer, parse_bundle(cmd["bundle"], peer), plain)
    else:
        encrypted = await backend.encrypt_key_material(session, plain)
    kex = session.initiation is Initiation.ACTIVE and not session.confirmed
    key = session.key_exchange.serialize(encrypted.serialize()) if kex else encrypted.serialize()
    await backend.store_session(session)
    return {"payload": None if content.empty else b64(content.ciphertext), "key": b64(key), "kex": kex}


async def op_decrypt(cmd):
    # mirrors omemo.SessionManager.decrypt
    backend = devices[cmd["device"]].backend
    peer = cmd["peer"]
    data = unb64(cmd["key"])
    if cmd["kex"]:
        key_exchange, authenticated = KeyExchangeImpl.parse(data)
        encrypted = EncryptedKeyMaterialImpl.parse(authenticated, PEER_JID, peer)
        session = await backend.load_session(PEER_JID, peer)
        if session is not None and not (session.initiation is Initiation.PASSIVE
                                        and session.key_exchange.builds_same_session(key_exchange)):
            session = None
        if session is None:
            session, plain = await backend.build_session_passive(PEER_JID, peer, key_exchange, encrypted)
        else:
            plain = await backend.decrypt_key_material(session, encrypted)
    else:
        key_exchange = None
        encrypted = EncryptedKeyMaterialImpl.parse(data, PEER_JID, peer)
        session = await backend.load_session(PEER_JID, peer)
        if session is None:
            raise omemo.NoSession("no session with the sender")
        plain = await backend.decrypt_key_material(session, encrypted)
    payload = cmd.get("payload")
    plaintext = None if payload is None else await backend.decrypt_plaintext(ContentImpl(unb64(payload)), plain)
    await backend.store_session(session)
    if key_exchange is not None:
        await backend.delete_pre_key(session)
        if await backend.get_num_visible_pre_keys() <= 99:
            await backend.generate_pre_keys(100 - await backend.get_num_visible_pre_keys())
    return {"plaintext": b64(plaintext), "key_material": b64(plain.key + plain.auth_tag)}


async def op_session(cmd):
    session = await devices[cmd["device"]].backend.load_session(PEER_JID, cmd["peer"])
    if session is None:
        return {"exists": False}
    answer = {"exists": True, "confirmed": session.confirmed, "receiving": session.receiving_chain_length,
              "sending": session.sending_chain_length}
    if session.initiation is Initiation.PASSIVE:
        # the key exchange came from the peer: its identity, and the fingerprint python-omemo would show for it
        answer["peer_identity"] = b64(session.key_exchange.identity_key)
        answer["fingerprint"] = " ".join(omemo.SessionManager.format_identity_key(session.key_exchange.identity_key))
    return answer


async def op_pre_keys(cmd):
    return {"count": await devices[cmd["device"]].backend.get_num_visible_pre_keys()}


OPS = {name[3:]: fn for name, fn in globals().items() if name.startswith("op_")}


async def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            cmd = json.loads(line)
            answer = await OPS[cmd["op"]](cmd)
        except Exception as e:  # every failure is an answer, the process lives on
            answer = {"error": type(e).__name__, "message": str(e) or repr(e.__cause__), "cause": type(e.__cause__).__name__ if e.__cause__ else None,
                      "trace": traceback.format_exc(limit=3)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


asyncio.run(main())
