"""A private sshd for the end-to-end test over a real SSH connection.

Throwaway host and user keys made in a temporary folder, a config of its own (listening on
127.0.0.1 only, on a free port, keys only), run in the foreground as the current user. Nothing
of the machine's own ssh setup is read or changed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT_S = 15.0
APT_HINT = "apt-get install openssh-server openssh-client (.ci/run does it)"


def sshd_binary() -> Path:
    """sshd must be run by its absolute path (it re-executes itself for each connection)."""
    found = shutil.which("sshd") or next(
        (p for p in ("/usr/sbin/sshd", "/usr/local/sbin/sshd") if Path(p).exists()), None
    )
    assert found is not None, f"sshd is not installed: {APT_HINT}"
    assert shutil.which("ssh") and shutil.which("ssh-keygen"), f"ssh is missing: {APT_HINT}"
    return Path(found).resolve()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _keygen(file: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "csi-tui-test", "-f", str(file)],
        check=True,
        capture_output=True,
    )


@dataclass
class Sshd:
    folder: Path
    port: int
    user_key: Path
    process: subprocess.Popen[bytes]
    log: Path

    def ssh_command(self, remote: str) -> list[str]:
        """An ``ssh -t`` to this server that runs REMOTE, asking nothing and reading no config."""
        return [
            "ssh",
            "-t",
            "-F",
            "/dev/null",
            "-p",
            str(self.port),
            "-i",
            str(self.user_key),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            f"UserKnownHostsFile={self.folder / 'known_hosts'}",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "127.0.0.1",
            remote,
        ]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_sshd(folder: Path) -> Sshd:
    binary = sshd_binary()
    folder.mkdir(parents=True, exist_ok=True)
    host_key, user_key = folder / "host_key", folder / "user_key"
    _keygen(host_key)
    _keygen(user_key)
    authorized = folder / "authorized_keys"
    authorized.write_text(Path(f"{user_key}.pub").read_text())
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {host_key}",
                f"AuthorizedKeysFile {authorized}",
                f"PidFile {folder / 'sshd.pid'}",
                "StrictModes no",  # the keys live in a temporary folder
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",  # CI runs as root; keys only
                "UsePAM no",
                "PrintMotd no",
                "PrintLastLog no",
                "",
            ]
        )
    )
    # As root, sshd insists on its privilege separation folder, which a container may lack.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    log = folder / "sshd.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(binary), "-D", "-e", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT
        )
    server = Sshd(folder, port, user_key, process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"sshd stopped at start:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise AssertionError(f"sshd did not listen on port {port}:\n{log.read_text()}")
