"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// integ/probes/api-probe.ts
var api_probe_exports = {};
__export(api_probe_exports, {
  NodeSha256: () => NodeSha256,
  handler: () => handler,
  signedHeaders: () => signedHeaders
});
module.exports = __toCommonJS(api_probe_exports);
var import_crypto = require("crypto");
var import_signature_v4 = require("@smithy/signature-v4");
function bytes(data) {
  if (typeof data === "string") {
    return data;
  }
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(new Uint8Array(data));
}
var NodeSha256 = class {
  hash;
  constructor(secret) {
    this.hash = secret === void 0 ? (0, import_crypto.createHash)("sha256") : (0, import_crypto.createHmac)("sha256", bytes(secret));
  }
  update(data) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return this.hash.digest();
  }
};
async function signedHeaders(url, options) {
  const { region, credentials, signingDate } = options;
  const target = new URL(url);
  const signer = new import_signature_v4.SignatureV4({ service: options.service ?? "execute-api", region, credentials, sha256: NodeSha256, applyChecksum: false });
  const query = {};
  target.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  const signed = await signer.sign({
    method: "GET",
    protocol: target.protocol,
    hostname: target.hostname,
    path: target.pathname,
    query,
    headers: { host: target.hostname }
  }, { signingDate });
  return signed.headers;
}
async function handler(event) {
  const region = process.env.AWS_REGION;
  const credentials = {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
    sessionToken: process.env.AWS_SESSION_TOKEN
  };
  const unsigned = await fetch(event.url);
  const signed = await fetch(event.url, { headers: await signedHeaders(event.url, { region, credentials }) });
  const cachedBodies = [];
  for (const url of event.cachedUrls ?? []) {
    const response = await fetch(url, { headers: await signedHeaders(url, { region, credentials }) });
    cachedBodies.push(await response.text());
  }
  return { unsigned: unsigned.status, signed: signed.status, cachedBodies };
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  NodeSha256,
  handler,
  signedHeaders
});
