// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestActor} from "./TestActor.sol";

/// @notice On receiving ETH, calls back into `target` with preset calldata (deliver, refund,
/// withdraw, buy, ...). Emits whether the re-entry succeeded; with `bubble` set, a failed
/// re-entry makes the payment itself revert.
contract ReentrantReceiver is TestActor {
    /// @notice A re-entry was attempted from `receive`.
    event ReentryAttempted(bool succeeded);

    address private _target;
    bool private _bubble;
    bytes private _reentryData;

    /// @notice Re-enter `target` with `data` on every payment; `target` zero disarms.
    function arm(address target, bytes calldata data, bool bubble) external {
        _target = target;
        _reentryData = data;
        _bubble = bubble;
    }

    receive() external payable {
        address target = _target;
        if (target == address(0)) return;
        (bool succeeded,) = target.call(_reentryData);
        emit ReentryAttempted(succeeded);
        if (!succeeded && _bubble) revert("re-entry failed");
    }
}
