# Creates demo data through the public API of a running service (sourced after bench/lib.sh).
api() { curl -fsS -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' "$@"; }
random_gtin() { python3 -c '
import random
d=[random.randint(0,9) for _ in range(13)]; d[0]=0
s=sum(x*(3 if i%2==0 else 1) for i,x in enumerate(reversed(d)))
print("".join(map(str,d))+str((10-s%10)%10))'; }
# make_lot: prints "gtin lot batchId"
make_lot() {
  local base="http://127.0.0.1:$BENCH_PORT" gtin lot farm product batch
  gtin=$(random_gtin); lot="B$(date +%s%N | tail -c 9)"
  farm=$(api -X POST "$base/api/farms" -d '{"name":"Vườn xoài bench","commune":"Cát Hanh","district":"Phù Cát","province":"Bình Định"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
  product=$(api -X POST "$base/api/products" -d "{\"gtin\":\"$gtin\",\"nameVi\":\"Xoài cát\",\"nameEn\":\"Cat mango\",\"variety\":\"Hòa Lộc\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
  batch=$(api -X POST "$base/api/batches" -d "{\"productId\":\"$product\",\"farmId\":\"$farm\",\"lot\":\"$lot\",\"quantity\":120,\"unit\":\"kg\"}" | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
  echo "$gtin $lot $batch"
}
