#!/usr/bin/python3
"""
python-omemo 1.0 with the oldmemo backend (1.0.3) doing what Omemo03Benchmark measures, on the same machine, for
the ratio in docs/benchmarks.md. Sessions stay in memory (no storage round trip), whereas the Java benchmark
serialises each session into and out of its (in-memory) store on every operation.
Run: /usr/bin/python3 benchmarks/python/omemo03_oldmemo_bench.py   (prints one line per operation, in us/op)
"""
import asyncio
import time

from omemo.storage import Just, Nothing, Storage
import oldmemo

TEXT = b"A chat message of ordinary length, about a hundred bytes long, as people type them."
SECONDS = 3.0


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


async def device():
    backend = oldmemo.Oldmemo(MemoryStorage())
    await backend.generate_pre_keys(100)
    return backend


async def pair(receiver_id=2):
    """A sender and a receiver backend with a confirmed session both ways."""
    sender, receiver = await device(), await device()
    _, empty = await sender.encrypt_empty()
    bundle = await receiver.get_bundle("b@x", receiver_id)
    sender_session, hello = await sender.build_session_active("b@x", receiver_id, bundle, empty)
    receiver_session, _ = await receiver.build_session_passive("a@x", 1, sender_session.key_exchange, hello)
    answer = await receiver.encrypt_key_material(receiver_session, empty)
    await sender.decrypt_key_material(sender_session, answer)
    return sender, receiver, sender_session, receiver_session


async def measure(name, prepare, operation):
    """Runs prepare (untimed) and operation (timed) until SECONDS of operation time have passed."""
    for _ in range(50):  # warm-up
        await operation(await prepare())
    total, count = 0.0, 0
    while total < SECONDS:
        argument = await prepare()
        start = time.perf_counter()
        await operation(argument)
        total += time.perf_counter() - start
        count += 1
    print(f"{name}\t{total / count * 1e6:.1f} us/op\t({count} ops)")


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
