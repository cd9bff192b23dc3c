import { Construct } from 'constructs';

/**
 * Props for an aws-cdk-lib L2 constructor (such as `lambda.Function` or
 * `dynamodb.TableV2`) whose values are constructs that should be children of
 * the L2 itself: its role, its log group, its key. A subclass cannot create
 * them before calling `super()`, and the L2 reads them inside its
 * constructor, so they are built on first read, under the node that
 * `super()` has by then added to `scope` as `id`.
 *
 * `early` holds the props the L2 reads before its node exists (the physical
 * name it passes to `Resource`); reading any other prop then is an error.
 */
export function propsBuiltInside<T extends object>(scope: Construct, id: string, early: Partial<T>, build: (self: Construct) => T): T {
  let built: T | undefined;
  const resolve = (key: PropertyKey): T => {
    if (built) {
      return built;
    }
    const self = scope.node.tryFindChild(id);
    if (!self) {
      throw new Error(`${scope.node.path}/${id}: the prop '${String(key)}' was read before the construct existed; cdk-paved-road does not support this aws-cdk-lib release. Please report this.`);
    }
    built = build(self as Construct);
    return built;
  };
  return new Proxy({} as T, {
    get: (_target, key) => (key in early ? (early as any)[key] : (resolve(key) as any)[key]),
    has: (_target, key) => key in early || key in resolve(key),
    ownKeys: () => Reflect.ownKeys(resolve('ownKeys')),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Object.getOwnPropertyDescriptor(resolve(key), key);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
}
