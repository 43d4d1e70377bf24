#!/usr/bin/python3
"""
python-omemo 1.0 with the oldmemo backend (1.0.3) doing what Omemo03Benchmark measures, on the same machine, for
the ratio in docs/benchmarks.md. Sessions stay in memory (no storage round trip), whereas the Java benchmark
serialises each session into and out of its (in-memory) store on every operation.
Run: /usr/bin/python3 benchmarks/python/omemo03_oldmemo_bench.py   (prints one line per operation, in us/op)
"""
import asyncio
import functools

from omemo_bench_common import MemoryStorage, measure
import omemo_bench_common
import oldmemo

TEXT = b"A chat message of ordinary length, about a hundred bytes long, as people type them."


device = functools.partial(omemo_bench_common.device, oldmemo.Oldmemo)
pair = functools.partial(omemo_bench_common.pair, oldmemo.Oldmemo)


async def main():
    async def nothing():
        return None

    # encrypt one message for 20 recipient devices: the payload once, the key material 20 times
    senders = [(await pair(receiver_id))[2] for receiver_id in range(2, 22)]
    backend = oldmemo.Oldmemo(MemoryStorage())  # encrypting key material only uses the session's ratchet

    async def encrypt20(_):
        _, plain = await backend.encrypt_plaintext(TEXT)
        for session in senders:
            await backend.encrypt_key_material(session, plain)
    await measure("encryptFor20Devices", nothing, encrypt20)

    # decrypt one message (same chain): the key element, then the payload
    a, b, sa, sb = await pair()

    async def next_in_chain():
        content, plain = await a.encrypt_plaintext(TEXT)
        return content, await a.encrypt_key_material(sa, plain)

    async def decrypt(message):
        content, encrypted = message
        plain = await b.decrypt_key_material(sb, encrypted)
        await b.decrypt_plaintext(content, plain)
    await measure("decryptOne", next_in_chain, decrypt)

    # build a session from a bundle (oldmemo also encrypts the first key material in this step)
    own, peer = await device(), await device()
    peer_bundle = await peer.get_bundle("b@x", 2)
    _, empty = await own.encrypt_empty()

    async def build(_):
        await own.build_session_active("b@x", 2, peer_bundle, empty)
    await measure("buildSessionFromBundle", nothing, build)


asyncio.run(main())
