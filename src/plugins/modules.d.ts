// Bun text imports of non-code assets (`with { type: "text" }`): the file's contents as a string.
declare module "*.py" {
  const text: string;
  export default text;
}
