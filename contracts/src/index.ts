// @pc2/contracts: the FileShop contract's compiler, deployer and a throwaway local chain.

export { anvilBinary, anvilClients, startAnvil, type Anvil, type AnvilOptions } from './anvil.ts'
export { compileContracts, type CompiledContract, type CompiledContracts } from './compile.ts'
export { deployContract, deployFileShop, deployTestToken, type DeployClients, type TestTokenOptions } from './deploy.ts'
