#!/usr/bin/python3
"""
An independent OMEMO client on the wire for Sotto's core tests: slixmpp 1.8.3 (Debian's python3-slixmpp) with
python-omemo 1.0.2's SessionManager and the oldmemo (OMEMO 0.3) and/or twomemo (OMEMO 2) backends. Debian 12 has
no slixmpp-omemo plugin, so the glue below (PEP publishing/fetching, stanzas, trust) is this script's own.

Usage: omemo_xmpp_peer.py --jid J --password-env VAR --host H --port P --cafile PEM --versions 2|0.3|2,0.3
                          [--device-id ID]
The server certificate is verified against --cafile (the test CA), host name checked against the domain.
--device-id starts a new identity under that (already listed) device id: a reinstall that kept its id. Several
peers may run for one JID at once, each its own device.

Driven over JSON lines. Commands on stdin (each answered by {"event":"done","seq":N,...} or
{"event":"failed","seq":N,"error":...}):
  {"op":"send","to":JID,"body":TEXT,"fallback"?:false}    encrypted 1:1 message (the versions this peer has),
                                                          with a fallback <body/> unless fallback is false
  {"op":"send_plain","to":JID,"body":TEXT}                an unencrypted message
  {"op":"spoof_carbon","to":JID,"claimed_from":JID,"claimed_to"?:JID,"direction"?:"received"|"sent","body":TEXT}
        a <received/> (or <sent/>) xmlns='urn:xmpp:carbons:2' wrapper from this peer's own JID around an encrypted
        message that claims to come from claimed_from (to claimed_to, default: to)
  {"op":"spoof_archive_result","to":JID,"claimed_from":JID,"body":TEXT}
        the same inside a <result xmlns='urn:xmpp:mam:2'> wrapper
  {"op":"forget_session","jid":JID,"device":ID}           deletes the ratchet with that device (all backends)
  {"op":"join","room":ROOM,"nick":NICK}                   enters a MUC room (XEP-0045)
  {"op":"create_room","room":ROOM,"nick":NICK,"members":[JID...]}
        creates and enters a members-only, non-anonymous room and makes the JIDs members
  {"op":"send_room","room":ROOM,"members":[JID...],"body":TEXT}
        an encrypted groupchat message to the room, keys for the members' devices
  {"op":"quit"}
Events on stdout:
  {"event":"ready","jid":J,"device":ID,"fingerprint":HEX}
  {"event":"received","from":J,"body":T,"version":"2"|"0.3","device":ID,"id":ID,"type":"chat"|"groupchat",
   "room"?:ROOM, "envelope_from"?:J, "envelope_to"?:J, "rids":[ID...]}
        (in rooms, from = the occupant's real bare JID; rids: every device id the message's headers carry a key
        for, in all its <encrypted/> elements, as read from the wire)
  {"event":"key_transport","from":J,"version":V,"device":ID}     an empty OMEMO message was taken
  {"event":"undecryptable","from":J,"version":V,"error":NAME,"message":TEXT}
  {"event":"plain","from":J,"body":T}
Log lines go to stderr; no keys or plaintexts are logged.
"""
import argparse
import asyncio
import base64
import datetime
import json
import logging
import os
import secrets
import sys
import threading
import traceback
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Dict, FrozenSet, Optional

import omemo
from omemo.storage import Just, Nothing, Storage
import oldmemo
import oldmemo.etree
import twomemo
import twomemo.etree
import slixmpp
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import CoroutineCallback
from slixmpp.xmlstream.matcher import MatchXPath

LEGACY = oldmemo.oldmemo.NAMESPACE          # eu.siacs.conversations.axolotl
V2 = twomemo.twomemo.NAMESPACE              # urn:xmpp:omemo:2
VERSION_NAME = {LEGACY: "0.3", V2: "2"}
SCE = "urn:xmpp:sce:1"
CLIENT_NS = "jabber:client"
FALLBACK = "This message is OMEMO encrypted."
BLIND = "blind"

log = logging.getLogger("peer")


def emit(event: Dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


class MemoryStorage(Storage):
    """python-omemo's storage in memory: the peer lives as long as the test class."""

    def __init__(self) -> None:
        super().__init__(True)
        self.data: Dict[str, Any] = {}

    async def _load(self, key):
        return Just(self.data[key]) if key in self.data else Nothing()

    async def _store(self, key, value):
        self.data[key] = value

    async def _delete(self, key):
        self.data.pop(key, None)


# ------------------------------------------------------------------ PEP glue (XEP-0060/0163, XEP-0384 nodes)

def device_list_node(namespace: str) -> str:
    return f"{LEGACY}.devicelist" if namespace == LEGACY else f"{V2}:devices"


def bundle_node(namespace: str, device_id: int) -> str:
    return f"{LEGACY}.bundles:{device_id}" if namespace == LEGACY else f"{V2}:bundles"


def is_item_not_found(error: IqError) -> bool:
    return error.iq["error"]["condition"] == "item-not-found"


class Peer(slixmpp.ClientXMPP):
    def __init__(self, jid: str, password: str, namespaces) -> None:
        super().__init__(jid, password)
        self.namespaces = namespaces
        self.session_manager: Optional["PeerSessionManager"] = None
        self.storage = MemoryStorage()
        self.repair_lock = asyncio.Lock()
        self.forced_device_id: Optional[int] = None  # --device-id, while the session manager is created
        for plugin in ("xep_0030", "xep_0004", "xep_0060", "xep_0163", "xep_0045", "xep_0199"):
            self.register_plugin(plugin)
        self.add_event_handler("session_start", self.on_session_start)
        self.add_event_handler("failed_auth", lambda _: self.fatal("authentication failed"))
        self.add_event_handler("connection_failed", lambda e: self.fatal(f"connection failed: {e}"))
        self.register_handler(CoroutineCallback("omemo-peer messages", MatchXPath(f"{{{CLIENT_NS}}}message"),
                                                self.on_message))

    def fatal(self, why: str) -> None:
        emit({"event": "fatal", "error": why})
        os._exit(3)

    async def on_session_start(self, _event) -> None:
        try:
            self.send_presence()
            await self.get_roster()
            PeerSessionManager.xmpp = self
            if self.forced_device_id is not None:
                PeerSessionManager.DEVICE_ID_MIN = self.forced_device_id
                PeerSessionManager.DEVICE_ID_MAX = self.forced_device_id + 1
            self.session_manager = await PeerSessionManager.create(
                [oldmemo.Oldmemo(self.storage) if ns == LEGACY else twomemo.Twomemo(self.storage)
                 for ns in self.namespaces],
                self.storage, self.boundjid.bare, None, BLIND)
            self.forced_device_id = None
            # no archive to catch up: leave python-omemo's history-synchronization mode at once
            await self.session_manager.after_history_sync()
            own, _ = await self.session_manager.get_own_device_information()
            emit({"event": "ready", "jid": self.boundjid.bare, "device": own.device_id,
                  "fingerprint": "".join(omemo.SessionManager.format_identity_key(own.identity_key))})
            threading.Thread(target=read_commands, args=(self,), daemon=True).start()
        except Exception:  # a peer that cannot start says so and ends
            emit({"event": "fatal", "error": traceback.format_exc(limit=5)})
            os._exit(3)

    # ------------------------------------------------------------- PEP primitives

    async def publish(self, node: str, item_id: str, payload: ET.Element, options: Dict[str, str]) -> None:
        form = self["xep_0004"].make_form("submit")
        form.add_field(var="FORM_TYPE", ftype="hidden", value="http://jabber.org/protocol/pubsub#publish-options")
        for var, value in options.items():
            form.add_field(var=var, value=value)
        try:
            await self["xep_0060"].publish(self.boundjid.bare, node, id=item_id, payload=payload, options=form)
        except IqError as e:
            if e.iq["error"]["condition"] != "conflict" and "precondition" not in str(e.iq["error"]):
                raise
            # the node exists with other settings: configure it as OMEMO needs, then publish again
            config = self["xep_0004"].make_form("submit")
            config.add_field(var="FORM_TYPE", ftype="hidden", value="http://jabber.org/protocol/pubsub#node_config")
            for var, value in options.items():
                config.add_field(var=var, value=value)
            await self["xep_0060"].set_node_config(self.boundjid.bare, node, config)
            await self["xep_0060"].publish(self.boundjid.bare, node, id=item_id, payload=payload)

    async def first_item(self, jid: str, node: str, item_id: Optional[str]) -> Optional[ET.Element]:
        try:
            if item_id is None:
                iq = await self["xep_0060"].get_items(jid, node, max_items=1)
            else:
                iq = await self["xep_0060"].get_item(jid, node, item_id)
        except IqError as e:
            if is_item_not_found(e):
                return None
            raise
        for item in iq["pubsub"]["items"]:
            payload = item.xml.find("*")
            if payload is not None:
                return payload
        return None

    # ------------------------------------------------------------- messages

    def message_with(self, to: str, mtype: str, elements, body: Optional[str] = FALLBACK):
        msg = self.make_message(mto=to, mtype=mtype, mbody=body)
        msg["id"] = str(uuid.uuid4())
        for element in elements:
            msg.append(element)
        return msg

    async def encrypted_elements(self, recipients, body: str, to: str, groupchat: bool = False):
        sm = self.session_manager
        for jid in recipients:
            for ns in self.namespaces:
                await sm.refresh_device_list(ns, jid)
        plaintexts = {}
        if LEGACY in self.namespaces:
            plaintexts[LEGACY] = body.encode("utf-8")
        if V2 in self.namespaces:
            plaintexts[V2] = sce_envelope(body, self.boundjid.bare, to)
        messages, errors = await sm.encrypt(frozenset(recipients), plaintexts)
        for error in errors:
            log.info("encryption skipped a device: %s", type(error.exception).__name__)
        elements = []
        for message in messages:
            if message.namespace == LEGACY:
                elements.append(oldmemo.etree.serialize_message(message))
            else:
                elements.append(twomemo.etree.serialize_message(message))
        return elements + hints(self.namespaces)

    async def on_message(self, msg) -> None:
        if msg["type"] == "error":
            return
        sender = msg["from"].bare
        encrypted = [(ns, msg.xml.find(f"{{{ns}}}encrypted")) for ns in (V2, LEGACY)]
        encrypted = [(ns, el) for ns, el in encrypted if el is not None]
        if not encrypted:
            if msg["body"]:
                emit({"event": "plain", "from": sender, "body": msg["body"], "type": msg["type"]})
            return
        if msg["type"] == "groupchat":
            sender = self.real_jid(msg)
            if sender == self.boundjid.bare:
                return  # the room's reflection of our own message
        usable = [(ns, el) for ns, el in encrypted if ns in self.namespaces]
        if not usable:
            emit({"event": "undecryptable", "from": sender, "version": None, "error": "UnsupportedVersion",
                  "message": "no element of a version this peer speaks"})
            return
        ns, element = usable[0]
        version = VERSION_NAME[ns]
        sm = self.session_manager
        try:
            if ns == LEGACY:
                message = await oldmemo.etree.parse_message(element, sender, self.boundjid.bare, sm)
            else:
                message = twomemo.etree.parse_message(element, sender)
            plaintext, device, _ = await sm.decrypt(message)
        except Exception as e:  # every failure is reported to the test, which decides what it means
            emit({"event": "undecryptable", "from": sender, "version": version, "error": type(e).__name__,
                  "message": str(e), "id": msg["id"]})
            return
        if plaintext is None:
            emit({"event": "key_transport", "from": sender, "version": version, "device": device.device_id})
            return
        rids = sorted({int(key.get("rid")) for _, el in encrypted for key in el.iter()
                       if key.tag.endswith("}key") and key.get("rid") is not None})
        event = {"event": "received", "from": sender, "version": version, "device": device.device_id,
                 "id": msg["id"], "type": msg["type"], "rids": rids}
        if msg["type"] == "groupchat":
            event["room"] = msg["from"].bare
        if ns == V2:
            envelope = ET.fromstring(plaintext)
            body = envelope.find(f"{{{SCE}}}content/{{{CLIENT_NS}}}body")
            event["body"] = "" if body is None else body.text or ""
            for affix in ("from", "to"):
                found = envelope.find(f"{{{SCE}}}{affix}")
                event["envelope_" + affix] = None if found is None else found.get("jid")
        else:
            event["body"] = plaintext.decode("utf-8")
        emit(event)

    def real_jid(self, msg) -> str:
        """The real bare JID behind a room occupant (non-anonymous rooms only)."""
        room, nick = msg["from"].bare, msg["from"].resource
        jid = self["xep_0045"].get_jid_property(room, nick, "jid")
        return slixmpp.JID(jid).bare if jid else msg["from"].full


def hints(namespaces):
    store = ET.Element("{urn:xmpp:hints}store")
    eme = ET.Element("{urn:xmpp:eme:0}encryption",
                     {"namespace": V2 if V2 in namespaces else LEGACY, "name": "OMEMO"})
    return [store, eme]


def sce_envelope(body: str, sender: str, to: str) -> bytes:
    """XEP-0420 with OMEMO 2's profile: content, rpad, time, to, from."""
    envelope = ET.Element(f"{{{SCE}}}envelope")
    content = ET.SubElement(envelope, f"{{{SCE}}}content")
    ET.SubElement(content, f"{{{CLIENT_NS}}}body").text = body
    ET.SubElement(envelope, f"{{{SCE}}}rpad").text = secrets.token_urlsafe(secrets.randbelow(150) + 1)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ET.SubElement(envelope, f"{{{SCE}}}time", {"stamp": stamp})
    ET.SubElement(envelope, f"{{{SCE}}}to", {"jid": to})
    ET.SubElement(envelope, f"{{{SCE}}}from", {"jid": sender})
    return ET.tostring(envelope, encoding="utf-8")


class PeerSessionManager(omemo.SessionManager):
    """python-omemo's abstract XMPP interactions, done with slixmpp's XEP-0060 plugin."""
    xmpp: Peer = None

    @staticmethod
    async def _upload_bundle(bundle: omemo.Bundle) -> Any:
        xmpp = PeerSessionManager.xmpp
        try:
            if bundle.namespace == LEGACY:
                await xmpp.publish(bundle_node(LEGACY, bundle.device_id), "current",
                                   oldmemo.etree.serialize_bundle(bundle), {"pubsub#access_model": "open"})
            else:
                await xmpp.publish(bundle_node(V2, bundle.device_id), str(bundle.device_id),
                                   twomemo.etree.serialize_bundle(bundle),
                                   {"pubsub#access_model": "open", "pubsub#max_items": "max"})
        except (IqError, IqTimeout) as e:
            raise omemo.BundleUploadFailed(str(e)) from e

    @staticmethod
    async def _download_bundle(namespace: str, bare_jid: str, device_id: int) -> omemo.Bundle:
        xmpp = PeerSessionManager.xmpp
        try:
            item = await xmpp.first_item(bare_jid, bundle_node(namespace, device_id),
                                         None if namespace == LEGACY else str(device_id))
        except (IqError, IqTimeout) as e:
            raise omemo.BundleDownloadFailed(str(e)) from e
        if item is None:
            raise omemo.BundleNotFound(f"no {VERSION_NAME[namespace]} bundle for {bare_jid}/{device_id}")
        if namespace == LEGACY:
            return oldmemo.etree.parse_bundle(item, bare_jid, device_id)
        return twomemo.etree.parse_bundle(item, bare_jid, device_id)

    @staticmethod
    async def _delete_bundle(namespace: str, device_id: int) -> Any:
        xmpp = PeerSessionManager.xmpp
        try:
            if namespace == LEGACY:
                await xmpp["xep_0060"].delete_node(xmpp.boundjid.bare, bundle_node(LEGACY, device_id))
            else:
                await xmpp["xep_0060"].retract(xmpp.boundjid.bare, bundle_node(V2, device_id), str(device_id),
                                               notify=True)
        except IqError as e:
            if not is_item_not_found(e):
                raise omemo.BundleDeletionFailed(str(e)) from e

    @staticmethod
    async def _upload_device_list(namespace: str, device_list: Dict[int, Optional[str]]) -> Any:
        xmpp = PeerSessionManager.xmpp
        element = (oldmemo.etree.serialize_device_list(device_list) if namespace == LEGACY
                   else twomemo.etree.serialize_device_list(device_list))
        try:
            await xmpp.publish(device_list_node(namespace), "current", element, {"pubsub#access_model": "open"})
        except (IqError, IqTimeout) as e:
            raise omemo.DeviceListUploadFailed(str(e)) from e

    @staticmethod
    async def _download_device_list(namespace: str, bare_jid: str) -> Dict[int, Optional[str]]:
        xmpp = PeerSessionManager.xmpp
        try:
            item = await xmpp.first_item(bare_jid, device_list_node(namespace), None)
        except (IqError, IqTimeout) as e:
            raise omemo.DeviceListDownloadFailed(str(e)) from e
        if item is None:
            return {}
        devices = (oldmemo.etree.parse_device_list(item) if namespace == LEGACY
                   else twomemo.etree.parse_device_list(item))
        if xmpp.forced_device_id is not None and bare_jid == xmpp.boundjid.bare:
            # python-omemo would not take a listed id for a new identity: it is hidden while the peer starts
            devices.pop(xmpp.forced_device_id, None)
        return devices

    async def _evaluate_custom_trust_level(self, device: omemo.DeviceInformation) -> omemo.TrustLevel:
        if device.trust_level_name == BLIND:
            return omemo.TrustLevel.TRUSTED  # blind trust: a test peer, not a user
        raise omemo.UnknownTrustLevel(device.trust_level_name)

    async def _make_trust_decision(self, undecided: FrozenSet[omemo.DeviceInformation], identifier) -> Any:
        for device in undecided:
            await self.set_trust(device.bare_jid, device.identity_key, BLIND)

    @staticmethod
    async def _send_message(message: omemo.Message, bare_jid: str) -> Any:
        """python-omemo's own empty messages (session completion, heartbeats)."""
        xmpp = PeerSessionManager.xmpp
        element = (oldmemo.etree.serialize_message(message) if message.namespace == LEGACY
                   else twomemo.etree.serialize_message(message))
        xmpp.message_with(bare_jid, "chat", [element, ET.Element("{urn:xmpp:hints}store")], body=None).send()


# ------------------------------------------------------------------ commands

async def op_send(peer: Peer, cmd):
    elements = await peer.encrypted_elements([cmd["to"]], cmd["body"], cmd["to"])
    msg = peer.message_with(cmd["to"], "chat", elements, body=FALLBACK if cmd.get("fallback", True) else None)
    msg.send()
    return {"id": msg["id"]}


async def op_send_plain(peer: Peer, cmd):
    msg = peer.message_with(cmd["to"], "chat", [], body=cmd["body"])
    msg.send()
    return {"id": msg["id"]}


async def spoofed_inner(peer: Peer, cmd):
    """An encrypted message for cmd["to"] that claims to come from cmd["claimed_from"] (to cmd["claimed_to"])."""
    elements = await peer.encrypted_elements([cmd["to"]], cmd["body"], cmd["to"])
    inner = ET.Element(f"{{{CLIENT_NS}}}message", {"from": cmd["claimed_from"] + "/forged",
                                                   "to": cmd.get("claimed_to", cmd["to"]),
                                                   "type": "chat", "id": str(uuid.uuid4())})
    ET.SubElement(inner, f"{{{CLIENT_NS}}}body").text = FALLBACK
    inner.extend(elements)
    return inner


async def op_spoof_carbon(peer: Peer, cmd):
    inner = await spoofed_inner(peer, cmd)
    wrapper = ET.Element("{urn:xmpp:carbons:2}" + cmd.get("direction", "received"))
    ET.SubElement(wrapper, "{urn:xmpp:forward:0}forwarded").append(inner)
    msg = peer.message_with(cmd["to"], "chat", [wrapper], body=None)
    msg.send()
    return {"id": msg["id"], "inner_id": inner.get("id")}


async def op_spoof_archive_result(peer: Peer, cmd):
    inner = await spoofed_inner(peer, cmd)
    result = ET.Element("{urn:xmpp:mam:2}result", {"queryid": str(uuid.uuid4()), "id": str(uuid.uuid4())})
    forwarded = ET.SubElement(result, "{urn:xmpp:forward:0}forwarded")
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ET.SubElement(forwarded, "{urn:xmpp:delay}delay", {"stamp": stamp})
    forwarded.append(inner)
    msg = peer.message_with(cmd["to"], "normal", [result], body=None)
    msg.send()
    return {"id": msg["id"], "inner_id": inner.get("id")}


async def op_forget_session(peer: Peer, cmd):
    # a device that lost its state for one peer device: its double ratchet is gone, identity and prekeys stay
    for ns in peer.namespaces:
        await peer.storage.delete(f"/{ns}/{cmd['jid']}/{int(cmd['device'])}/double_ratchet")
    return {}


async def op_join(peer: Peer, cmd):
    await peer["xep_0045"].join_muc_wait(slixmpp.JID(cmd["room"]), cmd["nick"], maxchars=0)
    return {}


async def op_create_room(peer: Peer, cmd):
    """A members-only, non-anonymous room (what OMEMO in rooms needs) with these members."""
    room = slixmpp.JID(cmd["room"])
    await peer["xep_0045"].join_muc_wait(room, cmd["nick"], maxchars=0)
    form = peer["xep_0004"].make_form("submit")
    form.add_field(var="FORM_TYPE", ftype="hidden", value="http://jabber.org/protocol/muc#roomconfig")
    form.add_field(var="muc#roomconfig_membersonly", ftype="boolean", value=True)
    form.add_field(var="muc#roomconfig_whois", value="anyone")
    form.add_field(var="muc#roomconfig_persistentroom", ftype="boolean", value=True)
    await peer["xep_0045"].set_room_config(room, form)
    for member in cmd.get("members", []):
        await peer["xep_0045"].set_affiliation(room, "member", jid=slixmpp.JID(member))
    return {}


async def op_send_room(peer: Peer, cmd):
    elements = await peer.encrypted_elements(cmd["members"], cmd["body"], cmd["room"], groupchat=True)
    msg = peer.message_with(cmd["room"], "groupchat", elements)
    msg.send()
    return {"id": msg["id"]}


async def op_quit(peer: Peer, cmd):
    peer.disconnect()
    asyncio.get_event_loop().call_later(0.5, lambda: os._exit(0))
    return {}


OPS = {name[3:]: fn for name, fn in globals().items() if name.startswith("op_")}


def read_commands(peer: Peer) -> None:
    """stdin on its own thread; each command runs on the XMPP loop, in order."""
    loop = peer.loop
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        future = asyncio.run_coroutine_threadsafe(run_command(peer, line), loop)
        future.result()
    loop.call_soon_threadsafe(lambda: os._exit(0))  # the test closed our stdin


async def run_command(peer: Peer, line: str) -> None:
    cmd = {}
    try:
        cmd = json.loads(line)
        answer = await OPS[cmd["op"]](peer, cmd)
        emit({"event": "done", "seq": cmd.get("seq"), "op": cmd["op"], **answer})
    except Exception as e:  # every failure is an answer, the peer lives on
        emit({"event": "failed", "seq": cmd.get("seq"), "op": cmd.get("op"), "error": type(e).__name__,
              "message": str(e), "trace": traceback.format_exc(limit=4)})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jid", required=True)
    parser.add_argument("--password-env", required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cafile", required=True)
    parser.add_argument("--versions", default="2,0.3")
    parser.add_argument("--device-id", type=int)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="peer %(levelname)s %(name)s: %(message)s")
    names = {"2": V2, "0.3": LEGACY}
    namespaces = [names[v.strip()] for v in args.versions.split(",")]
    peer = Peer(args.jid, os.environ[args.password_env], namespaces)
    peer.forced_device_id = args.device_id
    peer.ca_certs = Path(args.cafile)  # verification stays on: the test CA, host name = the XMPP domain
    peer.connect((args.host, args.port))
    peer.loop.run_forever()


if __name__ == "__main__":
    main()
