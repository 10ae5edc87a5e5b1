"""The Kubernetes manifests in deploy/k8s validated against the Kubernetes
schema (strict: an unknown field fails), with the schemas bundled in the
kubernetes-validate package (no network), and listed in the kustomization."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
VERSIONS = ["1.30.0", kubernetes_validate.latest_version()]  # an older and the newest bundled
VERSION = VERSIONS[0]
MANIFESTS = sorted(p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")


def _documents(name: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all((K8S / name).read_text()) if d]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_matches_the_schema(name: str, version: str) -> None:
    documents = _documents(name)
    assert documents
    for document in documents:
        kubernetes_validate.validate(document, version, strict=True)


def test_the_kustomization_lists_every_manifest() -> None:
    [kustomization] = _documents("kustomization.yaml")
    assert sorted(kustomization["resources"]) == MANIFESTS


def test_a_wrong_field_is_caught() -> None:
    """The check itself: a misspelt field in the worker's spec fails."""
    [worker] = [d for d in _documents("worker.yaml") if d["kind"] == "DaemonSet"]
    worker["spec"]["template"]["spec"]["containerz"] = []
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(worker, VERSION, strict=True)
