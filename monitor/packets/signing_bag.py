"""Where signing meets the bag: file names, the tag-manifest signer, the deployment default."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import has_app_context

from monitor.packets.signing import PacketSigning, sign_detached

CERT_NAME = "signing-certificate.pem"
TAG_SIGNATURE_NAME = "tagmanifest-sha256.txt.p7s"


def tag_signer(signing: PacketSigning, when: datetime) -> Callable[[bytes], dict[str, bytes]]:
    """The `sign` hook of BagZip.finish: a detached CMS signature of the tag manifest."""

    def sign(tagmanifest: bytes) -> dict[str, bytes]:
        return {TAG_SIGNATURE_NAME: sign_detached(signing, tagmanifest, when=when)}

    return sign


def default_signing() -> PacketSigning:
    """The deployment's key inside an app (CLI, web, jobs); unsigned outside one."""
    if not has_app_context():
        return PacketSigning()
    from monitor.db import get_settings
    from monitor.packets.signing import deployment_signing

    return deployment_signing(get_settings())
