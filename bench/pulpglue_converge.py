"""Reference for bench/converge.ts: one Python process converging the same objects sequentially
through pulp-glue, the efficient form of what the Ansible (squeezer) modules do."""
import json
import sys
import time

from pulp_glue.common.authentication import BasicAuthProvider
from pulp_glue.common.context import PulpContext
from pulp_glue.file.context import (
    PulpFileDistributionContext,
    PulpFileRemoteContext,
    PulpFileRepositoryContext,
)

base_url, password, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
prefix = sys.argv[4] if len(sys.argv) > 4 else "bench"
ctx = PulpContext(
    api_root="/pulp/",
    api_kwargs={"base_url": base_url, "auth_provider": BasicAuthProvider("admin", password)},
    timeout=600,
)
start = time.monotonic()
for i in range(n):
    remote = PulpFileRemoteContext(ctx)
    remote.entity = {"name": f"{prefix}-{i}"}
    remote.converge({"name": f"{prefix}-{i}", "url": f"http://127.0.0.1:9/{prefix}/{i}/PULP_MANIFEST"})
    repo = PulpFileRepositoryContext(ctx)
    repo.entity = {"name": f"{prefix}-{i}"}
    _, _, created = repo.converge({"name": f"{prefix}-{i}", "remote": remote.pulp_href})
    dist = PulpFileDistributionContext(ctx)
    dist.entity = {"name": f"{prefix}-{i}"}
    dist.converge({"name": f"{prefix}-{i}", "base_path": f"{prefix}/{i}", "repository": repo.pulp_href})
print(json.dumps({"seconds": time.monotonic() - start}))
