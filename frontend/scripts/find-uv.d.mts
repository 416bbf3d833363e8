export function findUv(): string;
