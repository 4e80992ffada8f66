// The catalogue file, imported `with { type: "text" }`: its contents as a string.
declare module "*.jsonl" {
  const text: string;
  export default text;
}
