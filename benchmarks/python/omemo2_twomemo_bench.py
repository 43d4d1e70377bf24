#!/usr/bin/python3
"""
python-twomemo 1.0.3 doing what Omemo2Benchmark measures, on the same machine, for the ratio in
docs/benchmarks.md. Sessions stay in memory (no storage round trip), like the Java benchmark.
Run: /usr/bin/python3 benchmarks/python/omemo2_twomemo_bench.py   (prints one line per operation, in us/op)
"""
import asyncio
import functools

from omemo_bench_common import MemoryStorage, measure
import omemo_bench_common
import twomemo

BODY = (b"<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>"
        b"A message of ordinary length, as people type them.</body></content><rpad>abc</rpad>"
        b"<from jid='alice@example.org'/></envelope>")


device = functools.partial(omemo_bench_common.device, twomemo.Twomemo)
pair = functools.partial(omemo_bench_common.pair, twomemo.Twomemo)


async def main():
    # encrypt one message for 20 recipient devices
    senders = [(await pair(receiver_id))[2] for receiver_id in range(2, 22)]
    backend = twomemo.Twomemo(MemoryStorage())  # encrypting key material only uses the session's ratchet

    async def nothing():
        return None

    async def encrypt20(_):
        _, plain = await backend.encrypt_plaintext(BODY)
        for session in senders:
            await backend.encrypt_key_material(session, plain)
    await measure("encryptFor20Devices", nothing, encrypt20)

    # decrypt one message (same chain)
    a, b, sa, sb = await pair()

    async def next_in_chain():
        content, plain = await a.encrypt_plaintext(BODY)
        return content, await a.encrypt_key_material(sa, plain)

    async def decrypt(message):
        content, encrypted = message
        plain = await b.decrypt_key_material(sb, encrypted)
        await b.decrypt_plaintext(content, plain)
    await measure("decryptOne", next_in_chain, decrypt)

    # decrypt the first message after the receiver answered (a Diffie-Hellman ratchet step)
    async def next_after_answer():
        _, empty = await b.encrypt_empty()
        await a.decrypt_key_material(sa, await b.encrypt_key_material(sb, empty))
        return await next_in_chain()
    await measure("decryptOneWithRatchetStep", next_after_answer, decrypt)

    # build a session from a bundle (python-twomemo also encrypts the first key material in this step)
    own, peer = await device(), await device()
    peer_bundle = await peer.get_bundle("b@x", 2)
    _, empty = await own.encrypt_empty()

    async def build(_):
        await own.build_session_active("b@x", 2, peer_bundle, empty)
    await measure("buildSessionFromBundle", nothing, build)

    # accept a key exchange (passive session build)
    receiver, initiator = await device(), await device()

    async def next_key_exchange():
        bundle = await receiver.get_bundle("r@x", 2)
        session, hello = await initiator.build_session_active("r@x", 2, bundle, empty)
        return session.key_exchange, hello

    async def accept(kex):
        key_exchange, hello = kex
        await receiver.build_session_passive("i@x", 1, key_exchange, hello)
    await measure("acceptKeyExchange", next_key_exchange, accept)


asyncio.run(main())
