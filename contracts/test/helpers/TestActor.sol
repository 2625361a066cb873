// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Base of the hostile test contracts: lets a test make the contract act (buy, list,
/// deliver, withdraw) by forwarding any call, bubbling up the callee's revert data.
abstract contract TestActor {
    /// @notice Call `target` with `data` and `value` (taken from msg.value) as this contract.
    function execute(address target, bytes calldata data) external payable returns (bytes memory result) {
        bool success;
        (success, result) = target.call{value: msg.value}(data);
        if (!success) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }
}
