// npm run bench: placeholder until the proxy benchmarks land.
console.log('no benchmarks yet');
