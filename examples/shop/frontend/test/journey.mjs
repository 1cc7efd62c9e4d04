// What a test needs to be a step of a QAtron journey, for Node's test runner.
//
// QAtron gives a step's inputs in the JSON file QATRON_JOURNEY_INPUTS and as variables
// QATRON_INPUT_<NAME> (the name upper-cased, dots and dashes as "_"; strings as they
// are, other values as JSON), the environment's services in the JSON file
// QATRON_ENVIRONMENT_FILE, and reads the step's outputs from the JSON file
// QATRON_JOURNEY_OUTPUTS (the key "$secret" lists the secret ones).

import { existsSync, readFileSync, writeFileSync } from "node:fs";

const SECRET_KEY = "$secret";

function readJson(variable) {
  const path = process.env[variable];
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${variable}=${path}: cannot read it as JSON (${error.message})`);
  }
}

/** Whether this process runs as a step of a journey. */
export function inJourney() {
  return Boolean(process.env.QATRON_JOURNEY_OUTPUTS);
}

/** The input `name` (dots for nested ones: "headers.Authorization"); throws if absent. */
export function input(name) {
  let value = readJson("QATRON_JOURNEY_INPUTS");
  for (const key of name.split(".")) value = value?.[key];
  if (value !== undefined) return value;
  const variable = `QATRON_INPUT_${name.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}`;
  const raw = process.env[variable];
  if (raw === undefined) {
    throw new Error(`no journey input ${name} (neither in QATRON_JOURNEY_INPUTS nor ${variable}):`
      + " this test is a step of a journey; run it with `qatron journey run <journey>`");
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;  // a string input is given as it is
  }
}

/** The URL of one of the environment's services. */
export function serviceUrl(name) {
  const environment = readJson("QATRON_ENVIRONMENT_FILE");
  const url = environment?.services?.[name]?.url;
  if (!url) {
    throw new Error(`the environment has no service ${name} (QATRON_ENVIRONMENT_FILE=`
      + `${process.env.QATRON_ENVIRONMENT_FILE ?? "unset"}): run this test with QAtron`);
  }
  return url.replace(/\/$/, "");
}

/** Pass `outputs` to the steps that read them; `secret` masks them in QAtron's records. */
export function publish(outputs, { secret = false } = {}) {
  const path = process.env.QATRON_JOURNEY_OUTPUTS;
  if (!path) return;
  const data = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
  Object.assign(data, outputs);
  if (secret) {
    data[SECRET_KEY] = [...new Set([...(data[SECRET_KEY] ?? []), ...Object.keys(outputs)])].sort();
  }
  writeFileSync(path, JSON.stringify(data));
}
