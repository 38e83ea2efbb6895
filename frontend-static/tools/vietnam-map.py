#!/usr/bin/env python3
"""Writes the dashboard's offline map of Vietnam (js/vietnam-map.json) from Natural Earth's 1:10m
admin-0 countries (public domain), as packaged in the npm package world-atlas 2.0.2 (ISC):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 frontend-static/tools/vietnam-map.py package/countries-10m.json > \
        frontend-static/src/main/resources/META-INF/resources/js/vietnam-map.json

It takes Vietnam's polygons and the Spratly Islands (Quần đảo Trường Sa), adds the main islands of
the Paracels (Quần đảo Hoàng Sa, not in that data set) from their coordinates, simplifies the
outlines (Douglas-Peucker, 0.01 degree) and projects longitude and latitude linearly (x = lon * cos
16 degrees, y = -lat), rounded to 0.01. The page turns a click back into longitude and latitude with
the same numbers, which the JSON carries."""
import json
import math
import sys

COS = math.cos(math.radians(16))
LON0, LAT0 = 101.8, 23.8          # top left of the map
LON1, LAT1 = 118.0, 6.8           # bottom right
TOLERANCE = 0.01                  # degrees
# Hoàng Sa: Phú Lâm, Cây, Linh Côn, Hoàng Sa, Hữu Nhật, Quang Ảnh, Tri Tôn (lat, lon)
PARACELS = [(16.834, 112.336), (16.983, 112.267), (16.669, 112.725), (16.534, 111.608), (16.511, 111.573),
            (16.449, 111.508), (15.786, 111.201)]


def arcs_of(topo):
    sx, sy = topo['transform']['scale']
    tx, ty = topo['transform']['translate']
    out = []
    for arc in topo['arcs']:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring(arcs, indices):
    pts = []
    for i in indices:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def simplify(pts, tol):
    if len(pts) < 3:
        return pts
    (x0, y0), (x1, y1) = pts[0], pts[-1]
    best, at = -1.0, 0
    for i in range(1, len(pts) - 1):
        x, y = pts[i]
        dx, dy = x1 - x0, y1 - y0
        d = abs(dy * x - dx * y + x1 * y0 - y1 * x0) / math.hypot(dx, dy) if (dx or dy) else math.hypot(x - x0, y - y0)
        if d > best:
            best, at = d, i
    if best <= tol:
        return [pts[0], pts[-1]]
    return simplify(pts[:at + 1], tol)[:-1] + simplify(pts[at:], tol)


def xy(lon, lat):
    return round((lon - LON0) * COS, 2), round(LAT0 - lat, 2)


def path(polygons):
    d = []
    for poly in polygons:
        for r in poly:
            pts = simplify(r, TOLERANCE)
            if len(pts) < 4:
                pts = r  # a small island: keep it whole
            d.append('M' + ' '.join('%g %g' % xy(lon, lat) for lon, lat in pts) + 'Z')
    return ''.join(d)


def main():
    topo = json.load(open(sys.argv[1]))
    arcs = arcs_of(topo)
    shapes = {}
    for g in topo['objects']['countries']['geometries']:
        name = g['properties'].get('name')
        if name in ('Vietnam', 'Spratly Is.'):
            polys = g['arcs'] if g['type'] == 'MultiPolygon' else [g['arcs']]
            shapes[name] = [[ring(arcs, r) for r in p] for p in polys]
    w, h = xy(LON1, LAT1)
    json.dump({
        'source': 'Natural Earth 1:10m admin-0 (public domain) via world-atlas 2.0.2; Paracel islands from their coordinates',
        'projection': {'lon0': LON0, 'lat0': LAT0, 'cos': round(COS, 6)},
        'width': w, 'height': h,
        'mainland': path(shapes['Vietnam']),
        'truongSa': path(shapes['Spratly Is.']),
        'hoangSa': [xy(lon, lat) for lat, lon in PARACELS],
        'labels': {'hoangSa': xy(110.3, 17.6), 'truongSa': xy(111.4, 12.2), 'eastSea': xy(111.0, 14.2)},
    }, sys.stdout, separators=(',', ':'))


main()
