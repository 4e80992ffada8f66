# ops-agent read-only tool script. Fixed template: the call is described by SPEC (data, parsed from one
# JSON string literal), never by generated code. The AWS MCP Server runs this as the body of an async
# function: top-level `await` and `return` are allowed there. To parse it with `ast`, wrap it as
# `async def __ops():` + the body indented. `runSpec` in src/sandbox/run-spec.ts mirrors these semantics.
# One script answers one account: the operation runs in each region of SPEC["regions"] (concurrently with
# asyncio.gather when the sandbox has asyncio, else one region after another), and each region reports its
# own items, truncation and error.
import json

try:
    import asyncio
except Exception:  # a sandbox without asyncio runs the regions one after another
    asyncio = None

SPEC = json.loads("__OPS_SPEC__")


def _tag(v, key):
    tags = (v.get("Tags") if "Tags" in v else v.get("tags")) if isinstance(v, dict) else None
    if isinstance(tags, dict):
        return tags.get(key)
    if isinstance(tags, list):
        for t in tags:
            if isinstance(t, dict) and t.get("Key") == key:
                return t.get("Value")
    return None


def _walk(v, segs):
    if not segs:
        return v
    seg, rest = segs[0], segs[1:]
    proj = seg.endswith("[]")
    name = seg[:-2] if proj else seg
    if name in ("@", ""):
        x = v
    elif name.startswith("tag:"):
        x = _tag(v, name[4:])
    elif isinstance(v, dict):
        x = v.get(name)
    else:
        x = None
    if not proj:
        return None if x is None else _walk(x, rest)
    if not isinstance(x, list):
        return []
    nested = any(s.endswith("[]") for s in rest)
    out = []
    for e in x:
        r = _walk(e, rest)
        if r is None:
            continue
        if nested and isinstance(r, list):
            out.extend(r)
        else:
            out.append(r)
    return out


def _get(v, path):
    return _walk(v, [] if path == "@" else path.split("."))


def _as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _eq(a, b):
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _has(values, literal):
    return any(_eq(e, literal) for e in _as_list(values))


def _plain(v):
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if v is None or isinstance(v, (str, bool, int, float)):
        return v
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _pick(item, expr):
    if isinstance(expr, str):
        return _get(item, expr)
    v = _get(item, expr["path"])
    if "default" in expr:
        return expr["default"] if v is None else v
    if "contains" in expr:
        return _has(v, expr["contains"])
    if "in" in expr:
        return any(_has(expr["in"], e) for e in _as_list(v))
    if "count" in expr:
        return len(v) if isinstance(v, list) else 0
    if "matching" in expr:
        m = expr["matching"]
        return [e for e in _as_list(v) if any(_has(m["in"], x) for x in _as_list(_get(e, m["path"])))]
    return v is not None and v != []


def _code(e):
    response = getattr(e, "response", None)
    if isinstance(response, dict):
        code = (response.get("Error") or {}).get("Code")
        if code:
            return str(code)
    return type(e).__name__


def _keep(item):
    return all(any(_has(w["values"], e) for e in _as_list(_get(item, w["path"]))) for w in SPEC["where"])


MASK = "<masked: sensitive>"


def _mask_at(node, segs):
    if not segs or not isinstance(node, dict):
        return
    seg, rest = segs[0], segs[1:]
    proj = seg.endswith("[]")
    name = seg[:-2] if proj else seg
    keys = list(node.keys()) if name == "*" else ([name] if name in node else [])
    for k in keys:
        v = node[k]
        if v is None:
            continue
        if proj:
            if not isinstance(v, list):
                continue
            if rest:
                for e in v:
                    _mask_at(e, rest)
            else:
                node[k] = [MASK for _ in v]
        elif rest:
            _mask_at(v, rest)
        else:
            node[k] = MASK


def _masked(operation, response):
    # Sensitive output members (from the catalogue) never leave the script, whatever select asks for.
    for path in (SPEC.get("mask") or {}).get(operation) or []:
        _mask_at(response, path.split("."))
    return response


async def _call(region, operation, params):
    response = call_boto3(
        service_name=SPEC["service"], operation_name=operation, region_name=region, params=params
    )
    # call_boto3 is a coroutine function on the servers seen so far; a plain one works as well.
    if hasattr(response, "__await__"):
        response = await response
    return _masked(operation, response)


def _region_params(region):
    p = dict(SPEC["params"])
    if SPEC["region_param"]:
        p[SPEC["region_param"]] = region
    return p


def _follow_params(f, chunk, base):
    p = dict(f.get("params") or {})
    for k in f.get("inherit") or []:
        if k in base:
            p[k] = base[k]
    for k, path in (f.get("item_params") or {}).items():
        values = [_get(i, path) for i in chunk]
        p[k] = values if f.get("batch") else values[0]
    return p


async def _follow(region, f, items, base):
    out = []
    if f.get("batch"):
        size = f["batch"]
        for start in range(0, len(items), size):
            response = await _call(region, f["operation"], _follow_params(f, items[start : start + size], base))
            out.extend(_as_list(_get(response, f["result"])))
        return out
    for item in items:
        try:
            value = _get(await _call(region, f["operation"], _follow_params(f, [item], base)), f["result"])
        except Exception as e:
            if _code(e) not in (f.get("on_error") or {}):
                raise
            value = f["on_error"][_code(e)]
        if f.get("into"):
            item = dict(item)
            item[f["into"]] = value
        else:
            item = value
        out.append(item)
    return out


async def _list(region, q, params, keep, limit):
    """Pages of q["operation"] until no token, q's page cap or `limit` items; (kept items, last token)."""
    pg = q["paginate"]
    items = []
    token = None
    pages = 0
    while True:
        response = await _call(region, q["operation"], params)
        pages += 1
        items.extend(i for i in _as_list(_get(response, q["items"])) if keep(i))
        token = _get(response, pg["output_token"]) if pg else None
        if not token:
            token = None
            break
        if len(items) >= limit or pages >= pg["max_pages"]:
            break
        params = dict(params)
        params[pg["input_token"]] = token
    return items, token


async def _query(region, base, limit):
    """The operation in one region (for one parent): pages (capped), `where`, follow-ups, `select`."""
    items, token = await _list(region, SPEC, base, _keep, limit)
    truncated = token is not None or len(items) > limit
    items = items[:limit]
    for f in SPEC["follow"]:
        items = await _follow(region, f, items, base)
    if SPEC["select"] is not None:
        items = [{k: _pick(i, x) for k, x in SPEC["select"].items()} for i in items]
    return {"region": region, "items": _plain(items), "truncated": truncated, "next_token": _plain(token)}


def _absent(pt, e):
    return pt is not None and _code(e) in pt["not_found"]


async def _answer(region):
    """The region's answer; with a parent and no argument naming it, the query for each parent listed."""
    base = _region_params(region)
    pt = SPEC.get("parent")
    if pt is None or pt["param"] in base:
        try:
            return await _query(region, base, SPEC["max_items"])
        except Exception as e:
            if not _absent(pt, e):
                raise
            miss = {"param": pt["param"], "value": base[pt["param"]], "code": _code(e), "message": str(e)}
            return {"region": region, "items": [], "truncated": False, "next_token": None, "not_found": miss}
    parents, token = await _list(region, pt, dict(pt["params"]), lambda _: True, pt["max_items"])
    truncated = token is not None or len(parents) > pt["max_items"]
    items = []
    for parent in parents[: pt["max_items"]]:
        if len(items) >= SPEC["max_items"]:
            truncated = True
            break
        params = dict(base)
        params[pt["param"]] = parent
        try:
            part = await _query(region, params, SPEC["max_items"] - len(items))
        except Exception as e:
            if not _absent(pt, e):
                raise
            continue  # deleted since the listing
        items.extend(part["items"])
        truncated = truncated or part["truncated"]
    return {"region": region, "items": items, "truncated": truncated, "next_token": None}


async def _region(region):
    """One region's answer; its failure stays its own (an AccessDenied here leaves the others answering)."""
    try:
        return await _answer(region)
    except Exception as e:
        return {"region": region, "error": {"code": _code(e), "message": str(e)}}


async def _regions():
    if asyncio is not None and len(SPEC["regions"]) > 1:
        return list(await asyncio.gather(*[_region(r) for r in SPEC["regions"]]))
    return [await _region(r) for r in SPEC["regions"]]


return {"v": 2, "regions": await _regions(), "asyncio": asyncio is not None}
