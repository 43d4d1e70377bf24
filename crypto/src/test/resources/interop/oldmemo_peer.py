#!/usr/bin/python3
"""
An OMEMO 0.3 peer for Sotto's interop tests: the real python-omemo 1.0 oldmemo backend, driven over JSON lines
(one request per line on stdin, one answer per line on stdout). Bundles go through oldmemo.etree's own XML
serialisation and parsing, so the bytes are those python-omemo puts on the wire. The decrypt and encrypt logic
follows omemo.SessionManager (key exchange until the session is confirmed, passive session building, pre key
deletion, session stored only after success) without its XMPP plumbing.

Requests: {"cmd": ..., ...}; answers: {"ok": true, ...} or {"ok": false, "error": "Type: message"}.
All bytes are base64.
"""
import asyncio
import base64
import json
import sys
import traceback
import xml.etree.ElementTree as ET

import xeddsa
from omemo.storage import Just, Nothing, Storage
from omemo.session import Initiation
from omemo.session_manager import SessionManager
from oldmemo import etree as oldmemo_etree
from oldmemo.oldmemo import (NAMESPACE, ContentImpl, EncryptedKeyMaterialImpl, KeyExchangeImpl, Oldmemo,
                             PlainKeyMaterialImpl)

NS = "{" + NAMESPACE + "}"


def b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def unb64(text):
    return None if text is None else base64.b64decode(text)


class MemoryStorage(Storage):
    def __init__(self):
        super().__init__(True)
        self.data = {}

    async def _load(self, key):
        return Just(json.loads(self.data[key])) if key in self.data else Nothing()

    async def _store(self, key, value):
        self.data[key] = json.dumps(value)

    async def _delete(self, key):
        self.data.pop(key, None)


class Device:
    def __init__(self, jid, device_id, storage, backend):
        self.jid = jid
        self.device_id = device_id
        self.storage = storage
        self.backend = backend
        self.bundles = {}  # (jid, device id) -> BundleImpl learnt from the peer


devices = {}


async def create(req):
    storage = MemoryStorage()
    if req.get("seed"):
        await storage.store("/ikp/is_seed", True)
        await storage.store_bytes("/ikp/key", unb64(req["seed"]))
    backend = Oldmemo(storage)
    await backend.generate_pre_keys(100)
    device = Device(req["jid"], req["device_id"], storage, backend)
    devices[req["name"]] = device
    bundle = await backend.get_bundle(device.jid, device.device_id)
    return {"fingerprint": " ".join(SessionManager.format_identity_key(bundle.identity_key)),
            "ed25519": bundle.identity_key.hex()}


async def derive(req):
    seed = unb64(req["seed"])
    priv = xeddsa.seed_to_priv(seed)
    return {"priv": priv.hex(), "ed25519": xeddsa.seed_to_ed25519_pub(seed).hex(),
            "curve25519": xeddsa.priv_to_curve25519_pub(priv).hex()}


async def bundle(req):
    device = devices[req["name"]]
    element = oldmemo_etree.serialize_bundle(await device.backend.get_bundle(device.jid, device.device_id))
    spk = element.find(NS + "signedPreKeyPublic")
    return {"spk_id": int(spk.get("signedPreKeyId")),
            "spk": spk.text,
            "spk_sig": element.find(NS + "signedPreKeySignature").text,
            "ik": element.find(NS + "identityKey").text,
            "prekeys": [{"id": int(pk.get("preKeyId")), "key": pk.text} for pk in element.iter(NS + "preKeyPublic")]}


async def learn_bundle(req):
    device = devices[req["name"]]
    b = req["bundle"]
    element = ET.Element(NS + "bundle")
    ET.SubElement(element, NS + "signedPreKeyPublic", attrib={"signedPreKeyId": str(b["spk_id"])}).text = b["spk"]
    ET.SubElement(element, NS + "signedPreKeySignature").text = b["spk_sig"]
    ET.SubElement(element, NS + "identityKey").text = b["ik"]
    prekeys = ET.SubElement(element, NS + "prekeys")
    for pk in b["prekeys"]:
        ET.SubElement(prekeys, NS + "preKeyPublic", attrib={"preKeyId": str(pk["id"])}).text = pk["key"]
    parsed = oldmemo_etree.parse_bundle(element, req["jid"], req["device_id"])
    device.bundles[(req["jid"], req["device_id"])] = parsed
    return {"fingerprint": " ".join(SessionManager.format_identity_key(parsed.identity_key)),
            "ed25519": parsed.identity_key.hex()}


async def encrypt(req):
    device = devices[req["name"]]
    backend = device.backend
    if req.get("plaintext") is None:
        content, key_material = await backend.encrypt_empty()
    else:
        content, key_material = await backend.encrypt_plaintext(unb64(req["plaintext"]))
    keys = []
    for jid, device_id in req["recipients"]:
        session = await backend.load_session(jid, device_id)
        if session is None:
            session, encrypted = await backend.build_session_active(
                jid, device_id, device.bundles[(jid, device_id)], key_material)
        else:
            encrypted = await backend.encrypt_key_material(session, key_material)
        data = encrypted.serialize()
        prekey = session.initiation is Initiation.ACTIVE and not session.confirmed
        if prekey:
            data, _sign_bit = session.key_exchange.serialize(data)
        await backend.store_session(session)
        keys.append({"rid": device_id, "data": b64(data), "prekey": prekey})
    return {"iv": b64(content.initialization_vector),
            "payload": None if content.empty else b64(content.ciphertext),
            "key_material": b64(key_material.key + key_material.auth_tag),
            "keys": keys}


async def decrypt(req):
    device = devices[req["name"]]
    backend = device.backend
    jid, device_id = req["sender"]
    data = unb64(req["key"]["data"])
    key_exchange = None
    sender_bundle = device.bundles.get((jid, device_id))
    if req["key"]["prekey"]:
        sign_bit = bool((sender_bundle.identity_key[31] >> 7) & 1) if sender_bundle else False
        key_exchange, data = KeyExchangeImpl.parse(data, sign_bit)
    encrypted = EncryptedKeyMaterialImpl.parse(data, device.jid, device.device_id)
    session = await backend.load_session(jid, device_id)
    new_session = False
    if key_exchange is not None:
        if sender_bundle is not None and key_exchange.identity_key != sender_bundle.identity_key:
            raise ValueError("the key exchange identity does not match the sender's bundle")
        if session is None or not (session.initiation is Initiation.PASSIVE
                                   and session.key_exchange.builds_same_session(key_exchange)):
            session, key_material = await backend.build_session_passive(jid, device_id, key_exchange, encrypted)
            new_session = True
        else:
            key_material = await backend.decrypt_key_material(session, encrypted)
    else:
        if session is None:
            raise LookupError(f"no session with {jid}/{device_id}")
        key_material = await backend.decrypt_key_material(session, encrypted)
    plaintext = None
    if req.get("payload") is not None:
        plaintext = await backend.decrypt_plaintext(
            ContentImpl(unb64(req["payload"]), unb64(req["iv"])), key_material)
    await backend.store_session(session)
    if key_exchange is not None:
        await backend.delete_pre_key(session)
    return {"plaintext": b64(plaintext), "key_material": b64(key_material.key + key_material.auth_tag),
            "new_session": new_session, "identity_ed25519": session.key_exchange.identity_key.hex()}


async def has_session(req):
    device = devices[req["name"]]
    return {"has_session": await device.backend.load_session(req["jid"], req["device_id"]) is not None}


async def prekey_count(req):
    return {"count": await devices[req["name"]].backend.get_num_visible_pre_keys()}


COMMANDS = {f.__name__: f for f in (create, derive, bundle, learn_bundle, encrypt, decrypt, has_session, prekey_count)}


def describe(error):
    text = f"{type(error).__name__}: {error}"
    cause = error.__cause__ or error.__context__
    while cause is not None:
        text += f" <- {type(cause).__name__}: {cause}"
        cause = cause.__cause__ or cause.__context__
    return text


def main():
    loop = asyncio.new_event_loop()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            answer = loop.run_until_complete(COMMANDS[request["cmd"]](request))
            answer["ok"] = True
        except Exception as error:  # every failure is an answer, the peer keeps running
            answer = {"ok": False, "error": describe(error)}
            if "--trace" in sys.argv:
                traceback.print_exc(file=sys.stderr)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
