/** cluster-key-slot (ioredis's own dependency): Redis Cluster's CRC16 hash slot of a key. */
declare module 'cluster-key-slot' {
  function generate(key: string | Buffer): number;
  namespace generate {
    function generateMulti(keys: Array<string | Buffer>): number;
  }
  export = generate;
}
