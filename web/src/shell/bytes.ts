import { BincodeDeserializer, BincodeSerializer } from "./types";
import type { Serializer, Deserializer } from "../../generated/types/serde";

export function encode(write: (s: Serializer) => void): Uint8Array {
  const s = new BincodeSerializer();
  write(s);
  return s.getBytes();
}

export function decode<T>(bytes: Uint8Array, read: (d: Deserializer) => T): T {
  return read(new BincodeDeserializer(bytes));
}
