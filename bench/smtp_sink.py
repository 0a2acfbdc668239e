"""A local SMTP server that accepts every message and writes one line per recipient
(``<unix time> <address>``) to a file, flushed per message: what the campaign benchmark
counts (rate, and that nobody got two e-mails).

    python bench/smtp_sink.py --port 2525 --out var/bench/sink.txt
"""

import argparse
import signal
import threading
import time

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, path: str) -> None:
        self.out = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        now = f"{time.time():.3f}"
        with self.lock:
            self.out.write("".join(f"{now} {rcpt.lower()}\n" for rcpt in envelope.rcpt_tos))
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    controller = Controller(Recorder(args.out), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
