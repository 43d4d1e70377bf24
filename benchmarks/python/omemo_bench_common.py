"""
The harness both python-omemo benchmark scripts share: in-memory storage, backends with 100 prekeys, a pair of
devices with a confirmed session, and the timing loop. Each script passes its backend class (oldmemo or twomemo).
"""
import time

from omemo.storage import Just, Nothing, Storage

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


async def device(backend_class):
    backend = backend_class(MemoryStorage())
    await backend.generate_pre_keys(100)
    return backend


async def pair(backend_class, receiver_id=2):
    """A sender and a receiver backend with a confirmed session both ways."""
    sender, receiver = await device(backend_class), await device(backend_class)
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
